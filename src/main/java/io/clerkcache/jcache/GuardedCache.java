package io.clerkcache.jcache;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import javax.cache.Cache;

/**
 * A {@link Cache} seen through the {@link CacheErrorPolicy}: reads that fail are misses, writes that fail are
 * skipped, removals that fail are thrown. Hits, misses and failures are reported to every {@link CacheObserver}.
 *
 * <p>Obtain one with {@link CacheErrorPolicy#guard(Cache)}; it is cheap, immutable and thread safe, so it can be
 * created once and kept.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class GuardedCache<K, V> {

    private final String name;
    private final Cache<K, V> cache;
    private final CacheErrorPolicy policy;

    GuardedCache(String name, Cache<K, V> cache, CacheErrorPolicy policy) {
        this.name = requireNonNull(name, "name");
        this.cache = requireNonNull(cache, "cache");
        this.policy = requireNonNull(policy, "policy");
    }

    /** The cache's name, as reported to the observers. */
    public String name() {
        return name;
    }

    /** The wrapped cache, for anything this class does not cover (its failures are not guarded). */
    public Cache<K, V> unwrap() {
        return cache;
    }

    /** The value for {@code key}, or {@code null} when there is none or the backend failed (a miss). */
    public V get(K key) {
        V value;
        try {
            value = cache.get(key);
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.GET, e);
            policy.miss(name);
            return null;
        }
        if (value == null) {
            policy.miss(name);
        } else {
            policy.hit(name);
        }
        return value;
    }

    /**
     * The values found for {@code keys}; keys without a value are absent from the map. When the backend fails the
     * map is empty (every key a miss).
     */
    public Map<K, V> getAll(Set<? extends K> keys) {
        Map<K, V> found;
        try {
            found = cache.getAll(keys);
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.GET_ALL, e);
            for (int i = 0; i < keys.size(); i++) {
                policy.miss(name);
            }
            return Map.of();
        }
        for (K key : keys) {
            if (found.containsKey(key)) {
                policy.hit(name);
            } else {
                policy.miss(name);
            }
        }
        return found;
    }

    /** Stores {@code value}; {@code false} when the backend failed and the put was skipped. */
    public boolean put(K key, V value) {
        try {
            cache.put(key, value);
            return true;
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.PUT, e);
            return false;
        }
    }

    /** Stores every entry; {@code false} when the backend failed and the put was skipped (possibly partly). */
    public boolean putAll(Map<? extends K, ? extends V> entries) {
        try {
            cache.putAll(entries);
            return true;
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.PUT_ALL, e);
            return false;
        }
    }

    /**
     * Removes the entry for {@code key}.
     *
     * @return whether there was an entry
     * @throws RuntimeException the backend's own exception (counted and logged) when the removal failed
     */
    public boolean remove(K key) {
        try {
            return cache.remove(key);
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.REMOVE, e);
            throw e;
        }
    }

    /**
     * Removes every entry.
     *
     * @throws RuntimeException the backend's own exception (counted and logged) when the removal failed
     */
    public void removeAll() {
        try {
            cache.removeAll();
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.REMOVE_ALL, e);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "GuardedCache[" + name + "]";
    }
}
