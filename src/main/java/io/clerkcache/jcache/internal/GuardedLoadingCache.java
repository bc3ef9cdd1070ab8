package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.BulkLoader;
import io.clerkcache.jcache.CacheState;
import io.clerkcache.jcache.InvalidationMarker;
import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.jcache.ReadPolicy;
import io.clerkcache.jcache.ReadPolicy.Freshness;
import io.clerkcache.jcache.UnreadableValue;
import io.clerkcache.jcache.ValueLoader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.cache.CacheException;

/**
 * The one load path (see {@link LoadingCache} for what it guarantees). Every value is written over the exact state
 * read before its load ({@code putIfAbsent} over nothing, {@code replace} over a marker or an older value), and only
 * if no invalidation in this JVM overtook the load; invalidations replace the entry with a fresh
 * {@link InvalidationMarker}, so a load anywhere that started before them finds its write refused by the cache.
 */
final class GuardedLoadingCache<K, V> implements LoadingCache<K, V> {

    /**
     * How often a caller waits for another's load before it loads by itself: a waiter re-reads the cache when the
     * load ends and, if an invalidation emptied it meanwhile, joins the next load.
     */
    static final int SHARED_ATTEMPTS = 3;

    final GuardedCache values;
    final GuardedCache absences; // null: absences are not remembered
    final String name;
    final SingleFlight flights;
    final CacheEvents events;
    final boolean singleFlight;
    final long singleFlightTimeoutNanos;

    GuardedLoadingCache(GuardedCache values, GuardedCache absences, SingleFlight flights, CacheEvents events,
                        boolean singleFlight, long singleFlightTimeoutNanos) {
        this.values = values;
        this.absences = absences;
        this.name = values.name();
        this.flights = flights;
        this.events = events;
        this.singleFlight = singleFlight;
        this.singleFlightTimeoutNanos = singleFlightTimeoutNanos;
    }

    @Override
    public String name() {
        return name;
    }

    /** An application value, as opposed to nothing, a failed read, a marker, an absence or unreadable bytes. */
    static boolean isValue(Object o) {
        return o != null && o != GuardedCache.FAILED && !(o instanceof InvalidationMarker)
                && !(o instanceof AbsentValue) && !(o instanceof UnreadableValue);
    }

    @SuppressWarnings("unchecked")
    V cast(Object o) {
        return (V) o;
    }

    // -------------------------------------------------------------------------------------------------- one key

    @Override
    public <E extends Exception> V get(K key, ValueLoader<? super K, ? extends V, E> loader) throws E {
        return get(key, values.read(key), ReadPolicy.alwaysFresh(), loader);
    }

    @Override
    public <E extends Exception> V get(K key, ReadPolicy<? super V> policy,
                                       ValueLoader<? super K, ? extends V, E> loader) throws E {
        return get(key, values.read(key), policy, loader);
    }

    /** What the value cache holds for {@code key} (see {@link GuardedCache#read}), read without counting anything. */
    Object read(K key) {
        return values.read(key);
    }

    /**
     * {@link #get(Object, ValueLoader)} after the caller made the first read itself, so that an interceptor builds its
     * loader only on a miss without reading the cache twice.
     */
    <E extends Exception> V get(K key, Object cached, ValueLoader<? super K, ? extends V, E> loader) throws E {
        return get(key, cached, ReadPolicy.alwaysFresh(), loader);
    }

    private <E extends Exception> V get(K key, Object cached, ReadPolicy<? super V> policy,
                                        ValueLoader<? super K, ? extends V, E> loader) throws E {
        V stale = null;
        if (isValue(cached)) {
            V value = cast(cached);
            Freshness freshness = policy.freshness(value);
            if (freshness == Freshness.FRESH) {
                events.hit(name);
                return value;
            }
            if (freshness == Freshness.REFRESH) {
                events.hit(name);
                return refreshEarly(key, value, policy, loader);
            }
            stale = freshness == Freshness.STALE ? value : null;
        } else if (absences != null && absences.read(key) instanceof AbsentValue) {
            events.negativeHit(name);
            return null;
        }
        events.miss(name);
        return load(key, loader, false, policy, stale);
    }

    /**
     * A hit on a value to refresh early: the caller that finds no load of the key running in this JVM reloads it and
     * answers the new value (or, if the reload fails, the cached one, which is still fresh); every other caller
     * answers the cached value at once.
     */
    private <E extends Exception> V refreshEarly(K key, V cached, ReadPolicy<? super V> policy,
                                                 ValueLoader<? super K, ? extends V, E> loader) throws E {
        if (!singleFlight) {
            return cached; // without single flight every hit would refresh: refresh on expiry only
        }
        SingleFlight.Ticket ticket = flights.join(new SingleFlight.Key(name, key), true);
        if (!ticket.leader()) {
            return cached;
        }
        return lead(ticket, key, loader, Lead.REFRESH, policy, cached);
    }

    @Override
    public <E extends Exception> V reload(K key, ValueLoader<? super K, ? extends V, E> loader) throws E {
        return load(key, loader, true, ReadPolicy.alwaysFresh(), null);
    }

    @Override
    public V getIfPresent(K key) {
        Object cached = values.read(key);
        return isValue(cached) ? cast(cached) : null;
    }

    @Override
    public Map<K, V> getAllIfPresent(Set<? extends K> keys) {
        Map<Object, Object> read = keys.isEmpty() ? null : values.readAll(keys);
        Map<K, V> found = new java.util.HashMap<>();
        if (read != null) {
            read.forEach((k, v) -> {
                if (isValue(v)) {
                    @SuppressWarnings("unchecked") K key = (K) k;
                    found.put(key, cast(v));
                }
            });
        }
        return found;
    }

    /** How long a caller of {@code policy} waits for another's load: its own bound, within the library's. */
    long waitNanos(ReadPolicy<?> policy) {
        long wanted;
        try {
            wanted = policy.maxWait().toNanos();
        } catch (ArithmeticException tooLong) {
            wanted = Long.MAX_VALUE;
        }
        return Math.max(0, Math.min(wanted, singleFlightTimeoutNanos));
    }

    /** What a leader does with a value it finds when it re-reads the cache. */
    private enum Lead {
        /** Answers it if the policy lets it, else loads. */
        MISS,
        /** Loads whatever the cache holds ({@code reload}). */
        RELOAD,
        /** Loads whatever the cache holds, and answers the cached value if the load fails (early refresh). */
        REFRESH
    }

    private <E extends Exception> V load(K key, ValueLoader<? super K, ? extends V, E> loader, boolean reload,
                                         ReadPolicy<? super V> policy, V stale) throws E {
        SingleFlight.Key flightKey = new SingleFlight.Key(name, key);
        boolean alone = reload || !singleFlight; // a reload always runs the loader, so it never waits
        long waitNanos = waitNanos(policy);
        for (int attempt = 1; ; attempt++) {
            SingleFlight.Ticket ticket = flights.join(flightKey, !alone && attempt <= SHARED_ATTEMPTS);
            if (ticket.leader()) {
                return lead(ticket, key, loader, reload ? Lead.RELOAD : Lead.MISS, policy, stale);
            }
            events.singleFlightWaited(name);
            SingleFlight.Outcome outcome;
            try {
                outcome = await(ticket, waitNanos);
            } catch (Exception | Error leadersFailure) {
                // the leader's exception: a stale copy answers it, as it answers the leader
                if (stale != null && leadersFailure instanceof Exception && policy.serveStaleOn(leadersFailure)) {
                    events.staleServed(name);
                    return stale;
                }
                throw leadersFailure;
            }
            if (outcome == null) {
                if (stale != null) {
                    events.staleServed(name); // waited as long as this caller may: the copy answers
                    return stale;
                }
                alone = true; // timed out or interrupted: load by itself
                continue;
            }
            Object confirmed = confirm(key, outcome, values.read(key), policy);
            if (confirmed != RETRY) {
                return cast(confirmed);
            }
            // the cache no longer holds the copy this caller read (an invalidation, most likely): no answering it
            stale = null;
        }
    }

    private <E extends Exception> V lead(SingleFlight.Ticket ticket, K key,
                                         ValueLoader<? super K, ? extends V, E> loader, Lead lead,
                                         ReadPolicy<? super V> policy, V stale) throws E {
        try {
            // Read again now that this caller leads: a caller that missed just before another leader's write and
            // joined just after that leader left finds the value here instead of loading it a second time.
            Object observed = values.read(key);
            Object observedAbsence = absences == null ? null : absences.read(key);
            V fallback = null; // what a failed load answers: only a copy read now (an invalidation drops it)
            boolean fallbackStale = false;
            if (isValue(observed)) {
                V current = cast(observed);
                Freshness freshness = policy.freshness(current);
                boolean answerable = freshness == Freshness.FRESH || freshness == Freshness.REFRESH;
                if (answerable && (lead == Lead.MISS || lead == Lead.REFRESH && !observed.equals(stale))) {
                    // a value written since this caller's read (or fresh after all): nothing to load
                    flights.complete(ticket, new SingleFlight.Outcome(observed, true));
                    return current;
                }
                if (freshness == Freshness.STALE) {
                    fallback = current;
                    fallbackStale = true;
                } else if (lead == Lead.REFRESH && answerable) {
                    fallback = current;
                }
            } else if (lead == Lead.MISS && observedAbsence instanceof AbsentValue) {
                flights.complete(ticket, new SingleFlight.Outcome(null, true));
                return null;
            }
            V value;
            try {
                value = invoke(key, loader, ticket);
            } catch (Exception | Error e) {
                // a copy answers a failed load, never an Error (the JVM's trouble, not the loader's)
                if (fallback != null && e instanceof Exception && (!fallbackStale || policy.serveStaleOn(e))) {
                    if (fallbackStale) {
                        events.staleServed(name);
                    }
                    return fallback;
                }
                throw e;
            }
            write(ticket, key, value, observed, observedAbsence);
            flights.complete(ticket, new SingleFlight.Outcome(value, value != null || absences != null, observed));
            if (lead == Lead.REFRESH) {
                events.refreshedEarly(name);
            }
            return value;
        } finally {
            flights.leave(ticket);
        }
    }

    private <E extends Exception> V invoke(K key, ValueLoader<? super K, ? extends V, E> loader,
                                           SingleFlight.Ticket ticket) throws E {
        long start = System.nanoTime();
        try {
            V value = loader.load(key);
            events.loaded(name, start);
            return value;
        } catch (Exception | Error e) {
            events.loadFailed(name, start, e);
            flights.fail(ticket, e);
            throw e;
        }
    }

    /** Writes a load's result over what was observed before the load, unless an invalidation overtook it. */
    void write(SingleFlight.Ticket ticket, Object key, Object value, Object observed, Object observedAbsence) {
        flights.writeUnlessOvertaken(ticket, () -> {
            if (value != null) {
                boolean written = writeOver(values, key, observed, value);
                if (written && observedAbsence instanceof AbsentValue) {
                    // a reload found a value where an absence was remembered: it must not outlive the value
                    absences.replace(key, observedAbsence, InvalidationMarker.create());
                }
                return written;
            }
            if (absences == null) {
                return false;
            }
            if (isValue(observed) && values.holdsMarkers()) {
                // a reload found the value gone: the old value must not outlive the absence recorded next to it
                values.replace(key, observed, InvalidationMarker.create());
            }
            return writeOver(absences, key, observedAbsence, AbsentValue.now());
        });
    }

    private static boolean writeOver(GuardedCache cache, Object key, Object observed, Object value) {
        return observed == null || observed == GuardedCache.FAILED
                ? cache.putIfAbsent(key, value)
                : cache.replace(key, observed, value);
    }

    /** The leader's outcome; {@code null} when the wait timed out or was interrupted. */
    SingleFlight.Outcome await(SingleFlight.Ticket ticket, long timeoutNanos) {
        try {
            return ticket.await(timeoutNanos);
        } catch (ExecutionException e) {
            throw sneaky(e.getCause()); // the leader's own exception, as the leader's caller saw it
        } catch (TimeoutException e) {
            events.singleFlightTimedOut(name);
            return null;
        } catch (InterruptedException e) {
            // keep the interrupt for the caller's code and answer anyway: waiting was our idea, not the caller's
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Marks "read the cache again and join the next load" in {@link #confirm}'s answer. */
    static final Object RETRY = new Object();

    /**
     * What a waiter answers once the load it waited for ended, given what the cache holds {@code now}: that value,
     * so that an invalidation that came after the load (here or in another JVM) is never answered with that load's
     * value. When the cache could not be read, the leader's value; when it holds nothing (the load was overtaken,
     * abandoned, or its write failed), {@link #RETRY}.
     */
    Object confirm(Object key, SingleFlight.Outcome outcome, Object now, ReadPolicy<? super V> policy) {
        if (!outcome.cacheable()) {
            // Nothing was cached (a null result), so nothing can be stale, unless an invalidation in another JVM put a
            // marker over what the leader read before loading: its "nothing" is older than that invalidation.
            return now instanceof InvalidationMarker && !now.equals(outcome.observed()) ? RETRY : outcome.value();
        }
        if (isValue(now)) {
            Freshness freshness = policy.freshness(cast(now));
            if (freshness == Freshness.FRESH || freshness == Freshness.REFRESH || outcome.value() == null
                    || !now.equals(outcome.observed())) {
                return now;
            }
            // still the old copy the leader loaded over: its write was skipped (a failing cache), and no
            // invalidation came since (it would have left a marker), so the leader's value is the newer
            return outcome.value();
        }
        boolean abandoned = outcome == SingleFlight.Outcome.ABANDONED;
        if (now == GuardedCache.FAILED) {
            return abandoned ? RETRY : outcome.value();
        }
        if (absences != null && outcome.value() == null && !abandoned) {
            Object absent = absences.read(key);
            if (absent instanceof AbsentValue || absent == GuardedCache.FAILED) {
                return null;
            }
        }
        return RETRY;
    }

    // ------------------------------------------------------------------------------------------------ many keys

    @Override
    public <E extends Exception> Map<K, V> getAll(Set<? extends K> keys, BulkLoader<K, ? extends V, E> loader)
            throws E {
        return new BatchLoad<>(this, ReadPolicy.alwaysFresh(), loader).run(keys);
    }

    @Override
    public <E extends Exception> Map<K, V> getAll(Set<? extends K> keys, ReadPolicy<? super V> policy,
                                                  BulkLoader<K, ? extends V, E> loader) throws E {
        return new BatchLoad<>(this, policy, loader).run(keys);
    }

    // ------------------------------------------------------------------------------------------------- writes

    @Override
    public void put(K key, V value) {
        flights.invalidate(name, key);
        if (values.put(key, value)) {
            forgetAbsence(key);
        }
    }

    /** How often a conditional write reads and decides again after losing a race, before it gives up. */
    static final int UPDATE_ATTEMPTS = 32;

    @Override
    public V update(K key, Function<? super CacheState<V>, ? extends V> decide) {
        for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
            Object observed = values.readOrThrow(key);
            boolean hasValue = isValue(observed);
            Object observedAbsence = absences == null || hasValue ? null : absences.readOrThrow(key);
            V value = decide.apply(new CacheState<>(hasValue ? cast(observed) : null,
                    observed instanceof InvalidationMarker m ? m : null,
                    observedAbsence instanceof AbsentValue a ? a : null));
            if (value == null) {
                return null;
            }
            // loads in flight here are detached (their waiters re-read); anywhere, their write over the state they
            // observed is refused, because this write replaces that state
            flights.invalidate(name, key);
            if (values.writeOverOrThrow(key, observed, value)) {
                dropAbsence(key, observedAbsence);
                return value;
            }
        }
        throw new CacheException("conditional write of a key of " + name + " lost " + UPDATE_ATTEMPTS
                + " races in a row; nothing was written");
    }

    /**
     * After a conditional write: no absence may stay beside its value. Where the absence cache holds markers, a new
     * marker replaces whatever it holds, so that a load in another JVM that found nothing before this write has its
     * absence refused (or overwritten, if it landed first); in this JVM the flight guard refused it already. A failure
     * is a skipped write, as in {@link #forgetAbsence}: the value was written, and reads take the value first.
     */
    private void dropAbsence(K key, Object observedAbsence) {
        if (absences != null && absences.holdsMarkers()) {
            absences.put(key, InvalidationMarker.create());
        } else if (observedAbsence instanceof AbsentValue) {
            forgetAbsence(key);
        }
    }

    @Override
    public boolean offer(K key, V value) {
        // The side load observed nothing of this key, so only a marker can tell it was invalidated meanwhile; where
        // the cache holds no markers, an offered value could be older than an invalidation: it is not written.
        boolean written = values.holdsMarkers() && values.putIfAbsent(key, value);
        if (written) {
            forgetAbsence(key);
        }
        return written;
    }

    /**
     * After a value was written: an absence remembered for the key must not answer "no value" once the value is
     * evicted or expires before it. A failure is a skipped write like any other (reads take the value first).
     */
    private void forgetAbsence(K key) {
        if (absences != null && absences.read(key) instanceof AbsentValue absent) {
            absences.replace(key, absent, InvalidationMarker.create());
        }
    }

    @Override
    public void invalidate(K key) {
        flights.invalidate(name, key);
        values.invalidate(key);
        if (absences != null) {
            absences.invalidate(key);
        }
    }

    @Override
    public void invalidateAll(Set<? extends K> keys) {
        if (keys.isEmpty()) {
            return;
        }
        for (K key : keys) {
            flights.invalidate(name, key);
        }
        values.invalidateAll(keys);
        if (absences != null) {
            absences.invalidateAll(keys);
        }
    }

    @Override
    public void invalidateAbsences() {
        if (absences != null) {
            flights.invalidateAll(name);
            absences.invalidateAll();
        }
    }

    @Override
    public void invalidateAll() {
        flights.invalidateAll(name);
        values.invalidateAll();
        if (absences != null) {
            absences.invalidateAll();
        }
    }

    @Override
    public String toString() {
        return "LoadingCache[" + name + (absences != null ? ", absences " + absences.name() : "") + "]";
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
