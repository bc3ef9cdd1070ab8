package io.clerkcache.jcache;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A JCache seen through the library's one load path: the same single flight, invalidation guard, error policy and
 * observers as the {@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll}
 * interceptors, for code that loads and writes entries itself (batches, secondary indexes, absence caching).
 * Obtain one from {@link CacheLoading}; it is thread safe and cheap to keep.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Single flight.</b> Concurrent misses of one key in this JVM run the loader once, whatever the loader's
 *       latency: a caller that becomes the leader reads the cache again before it loads, so a caller that missed
 *       just before another's write finds that write. Callers that wait are woken when the load ends and read the
 *       cache again; they do not take the leader's value on trust. Batches share the loads of the keys they have
 *       in common.</li>
 *   <li><b>Invalidation wins.</b> Once {@link #invalidate} or {@link #put} has returned, no lookup, in this JVM or
 *       another sharing the cache, returns or writes a value loaded before it: loads write only over the state
 *       they observed before loading (see {@link InvalidationMarker}), and callers that wait for a load re-read
 *       the cache. A load overtaken by an invalidation still answers its own caller, whose lookup began before the
 *       invalidation.</li>
 *   <li><b>A failing cache never fails a lookup.</b> A failed read is a miss and a failed write is skipped, both
 *       reported to the observers; only a failed invalidation is thrown, because an invalidation that silently did
 *       not happen is a stale read later.</li>
 * </ul>
 * Limits: {@link #invalidateAll()} guards loads in this JVM only; a marker that expires (or is evicted) while a
 * load that observed it is still running lets that load write; with shared invalidation off (or a cache typed to a
 * value class, which cannot hold markers) an invalidation guards loads in this JVM only.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface LoadingCache<K, V> {

    /** The name of the value cache, as reported to the observers. */
    String name();

    /**
     * The value of {@code key}: from the cache, or else loaded once (single flight) and written.
     *
     * @return the value, or {@code null} when the loader found none (remembered if this cache remembers absences)
     * @throws E the loader's own exception, for the leading caller and every caller that waited for it
     */
    <E extends Exception> V get(K key, ValueLoader<? super K, ? extends V, E> loader) throws E;

    /**
     * The values of {@code keys}: cache hits first, then one call of {@code loader} for the keys this caller leads,
     * then the keys other callers are loading already, re-read once they finish.
     *
     * @return the keys that have a value, with it; keys without one are absent from the map
     * @throws E the loader's own exception (this caller's, or that of a load it waited for)
     */
    <E extends Exception> Map<K, V> getAll(Set<? extends K> keys, BulkLoader<K, ? extends V, E> loader) throws E;

    /**
     * {@link #get(Object, ValueLoader)} for entries that outlive their freshness: {@code policy} judges the cached
     * value. A fresh one is answered; one to refresh early is answered, and reloaded by the one caller in this JVM
     * that finds no load of the key running (a failed refresh answers the cached value); a stale one is reloaded
     * through the single flight like a miss, written over exactly the copy observed (so an invalidation still wins),
     * and answered when the load fails with a failure the policy accepts, to the leader and to every caller that
     * waited for it, or when a wait passes the policy's {@link ReadPolicy#maxWait}; an expired one is a miss.
     *
     * @return the value, or a stale copy as described; {@code null} when the loader found none
     * @throws E the loader's own exception, when there is no copy the policy lets answer it
     */
    <E extends Exception> V get(K key, ReadPolicy<? super V> policy, ValueLoader<? super K, ? extends V, E> loader)
            throws E;

    /**
     * {@link #getAll(Set, BulkLoader)} judged by {@code policy}, as {@link #get(Object, ReadPolicy, ValueLoader)}:
     * values to refresh early that no one in this JVM is loading are loaded with the misses; stale values are loaded
     * like misses and answered if that load fails (or a wait passes the bound), provided every key whose load failed
     * has a copy to answer: a batch never reports a key it could not load as absent.
     *
     * @throws E the loader's own exception, when a key whose load failed has no copy to answer
     */
    <E extends Exception> Map<K, V> getAll(Set<? extends K> keys, ReadPolicy<? super V> policy,
                                           BulkLoader<K, ? extends V, E> loader) throws E;

    /**
     * Loads {@code key} whatever the cache holds and writes the result over the state observed before loading
     * ({@code @CacheResult(skipGet = true)}).
     */
    <E extends Exception> V reload(K key, ValueLoader<? super K, ? extends V, E> loader) throws E;

    /** The cached value of {@code key}, without loading; {@code null} on a miss, an absence or a failed read. */
    V getIfPresent(K key);

    /**
     * The cached values of {@code keys}, without loading, in one read: keys without a value (or all of them, when the
     * read failed) are absent from the map.
     */
    Map<K, V> getAllIfPresent(Set<? extends K> keys);

    /**
     * Writes {@code value} whatever the cache holds ({@code @CachePut}): loads of {@code key} running anywhere will
     * not overwrite it. A failed write is skipped and reported (the caller's write to the system of record
     * happened).
     */
    void put(K key, V value);

    /**
     * Writes {@code value} only if the cache holds nothing for {@code key}: for values that were loaded as a side
     * effect of another load, which observed nothing of this key's state. Never overwrites a value or an
     * invalidation marker; writes nothing where the cache holds no markers (shared invalidation off, or a typed
     * cache), since there an invalidation during the side load would leave no trace.
     *
     * @return whether the value was written
     */
    boolean offer(K key, V value);

    /**
     * A conditional write, for values that carry their own version (events delivered late, twice or out of order):
     * shows {@code decide} what the cache holds for {@code key} and writes the value it answers over exactly that
     * state, or writes nothing when it answers {@code null}. If another write came between the read and the write,
     * the state is read and {@code decide} asked again, so a decision is always about what it replaces. Loads of the
     * key in flight, here or in any JVM sharing the cache, do not write over the result (as after {@link #put}), and
     * a remembered absence is dropped.
     *
     * <p>Unlike lookups, a conditional write does not skip a failing cache: the caller (an event consumer, say) must
     * learn that nothing was applied, and retry later.
     *
     * @param decide given the current state, the value to write, or {@code null} to leave the entry as it is; it may
     *               be called more than once and must not have side effects
     * @return the value written, or {@code null} if {@code decide} left the entry
     * @throws RuntimeException the backend's exception when the cache could not be read or written
     */
    V update(K key, Function<? super CacheState<V>, ? extends V> decide);

    /**
     * Drops {@code key} (and its absence entry) so that the next lookup loads it; loads of it in flight anywhere
     * will not write back ({@code @CacheRemove}).
     *
     * @throws RuntimeException the backend's exception when the invalidation could not be written
     */
    void invalidate(K key);

    /**
     * {@link #invalidate} for many keys, with one write per cache instead of one per key.
     *
     * @throws RuntimeException the backend's exception when the invalidation could not be written
     */
    void invalidateAll(Set<? extends K> keys);

    /**
     * Drops every remembered absence, for a change that may have given some key a value (a name taken, say);
     * loads in flight in this JVM will not write back. Does nothing when absences are not remembered.
     *
     * @throws RuntimeException the backend's exception when the absence cache could not be cleared
     */
    void invalidateAbsences();

    /**
     * Drops every entry ({@code @CacheRemoveAll}); loads in flight in this JVM will not write back.
     *
     * @throws RuntimeException the backend's exception when the cache could not be cleared
     */
    void invalidateAll();
}
