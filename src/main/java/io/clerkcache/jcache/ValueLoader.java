package io.clerkcache.jcache;

/**
 * Loads the value of one key after a miss.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <E> what the loader may throw; it reaches the caller (and the callers waiting for this load) unchanged
 */
@FunctionalInterface
public interface ValueLoader<K, V, E extends Exception> {

    /**
     * The value of {@code key}, or {@code null} when there is none (then nothing is cached, unless the
     * {@link LoadingCache} remembers absences).
     */
    V load(K key) throws E;
}
