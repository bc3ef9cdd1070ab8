package io.clerkcache.jcache;

import java.util.Map;
import java.util.Set;

/**
 * Loads the values of several keys after misses, in as few upstream calls as it can.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <E> what the loader may throw; it reaches the caller (and the callers waiting for these loads) unchanged
 */
@FunctionalInterface
public interface BulkLoader<K, V, E extends Exception> {

    /**
     * The values found for {@code keys}; a key absent from the map (or mapped to {@code null}) has no value. Keys
     * not asked for are ignored.
     */
    Map<K, V> loadAll(Set<K> keys) throws E;
}
