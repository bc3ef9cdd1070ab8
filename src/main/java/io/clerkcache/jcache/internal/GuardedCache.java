package io.clerkcache.jcache.internal;

import static java.util.Objects.requireNonNull;

import io.clerkcache.jcache.BackendOperation;
import io.clerkcache.jcache.InvalidationMarker;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;

/**
 * A {@link Cache} under the library's error policy: a failed read answers {@link #FAILED} (the caller treats it as a
 * miss), a failed write is skipped, a failed invalidation is thrown. Every failure is reported to the observers and
 * logged. Reads return what the cache holds, markers included: interpreting it is the load path's business.
 */
final class GuardedCache {

    /** What a read answers when the backend failed. */
    static final Object FAILED = new Object() {
        @Override
        public String toString() {
            return "FAILED";
        }
    };

    private final Cache<Object, Object> cache;
    private final String name;
    private final CacheEvents events;
    private final boolean holdsMarkers;

    @SuppressWarnings("unchecked")
    GuardedCache(Cache<?, ?> cache, CacheEvents events, boolean sharedInvalidation) {
        this.cache = (Cache<Object, Object>) requireNonNull(cache, "cache");
        this.name = cache.getName();
        this.events = requireNonNull(events, "events");
        this.holdsMarkers = sharedInvalidation && untyped(cache);
    }

    /** Only a cache whose values may be any object can hold markers next to the application's values. */
    private static boolean untyped(Cache<?, ?> cache) {
        try {
            return cache.getConfiguration(CompleteConfiguration.class).getValueType() == Object.class;
        } catch (RuntimeException e) {
            return true; // a provider that cannot tell does not check types either
        }
    }

    String name() {
        return name;
    }

    Cache<Object, Object> unwrap() {
        return cache;
    }

    /** Whether invalidations leave markers here (shared invalidation on, and the cache takes any value). */
    boolean holdsMarkers() {
        return holdsMarkers;
    }

    /** What the cache holds for {@code key}: a value, a marker, {@code null}, or {@link #FAILED}. */
    Object read(Object key) {
        try {
            return cache.get(key);
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.GET, e);
            return FAILED;
        }
    }

    /** What the cache holds for {@code keys} (keys with nothing are absent), or {@code null} when the read failed. */
    Map<Object, Object> readAll(Set<?> keys) {
        try {
            return cache.getAll(keys);
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.GET_ALL, e);
            return null;
        }
    }

    /** Writes whatever the cache holds; {@code false} when the write failed and was skipped. */
    boolean put(Object key, Object value) {
        try {
            cache.put(key, value);
            return true;
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.PUT, e);
            return false;
        }
    }

    /** Writes if the cache holds nothing; {@code false} when it held something or the write failed. */
    boolean putIfAbsent(Object key, Object value) {
        try {
            return cache.putIfAbsent(key, value);
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.PUT_IF_ABSENT, e);
            return false;
        }
    }

    /** Writes if the cache still holds {@code expected}; {@code false} when it did not or the write failed. */
    boolean replace(Object key, Object expected, Object value) {
        try {
            return cache.replace(key, expected, value);
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.REPLACE, e);
            return false;
        }
    }

    /**
     * What the cache holds for {@code key}, for a conditional write: a value, a marker or {@code null}.
     *
     * @throws RuntimeException the backend's exception, after reporting it
     */
    Object readOrThrow(Object key) {
        try {
            return cache.get(key);
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.GET, e);
            throw e;
        }
    }

    /**
     * Writes {@code value} over exactly {@code expected} ({@code putIfAbsent} over nothing), for a conditional write.
     *
     * @return whether the cache still held {@code expected}
     * @throws RuntimeException the backend's exception, after reporting it
     */
    boolean writeOverOrThrow(Object key, Object expected, Object value) {
        BackendOperation operation = expected == null ? BackendOperation.PUT_IF_ABSENT : BackendOperation.REPLACE;
        try {
            return expected == null ? cache.putIfAbsent(key, value) : cache.replace(key, expected, value);
        } catch (RuntimeException e) {
            events.backendFailed(name, operation, e);
            throw e;
        }
    }

    /**
     * Drops the entries of {@code keys} in one write: new markers in their place where the cache holds markers,
     * else a removal.
     *
     * @throws RuntimeException the backend's exception, after reporting it
     */
    void invalidateAll(Set<?> keys) {
        BackendOperation operation = holdsMarkers ? BackendOperation.INVALIDATE : BackendOperation.REMOVE;
        try {
            if (holdsMarkers) {
                Map<Object, Object> markers = new java.util.HashMap<>(keys.size() * 2);
                for (Object key : keys) {
                    markers.put(key, InvalidationMarker.create());
                }
                cache.putAll(markers);
            } else {
                cache.removeAll(keys);
            }
        } catch (RuntimeException e) {
            events.backendFailed(name, operation, e);
            throw e;
        }
    }

    /**
     * Drops the entry of {@code key}: a new marker in its place where the cache holds markers, else a removal.
     *
     * @throws RuntimeException the backend's exception, after reporting it
     */
    void invalidate(Object key) {
        BackendOperation operation = holdsMarkers ? BackendOperation.INVALIDATE : BackendOperation.REMOVE;
        try {
            if (holdsMarkers) {
                cache.put(key, InvalidationMarker.create());
            } else {
                cache.remove(key);
            }
        } catch (RuntimeException e) {
            events.backendFailed(name, operation, e);
            throw e;
        }
    }

    /**
     * Drops every entry.
     *
     * @throws RuntimeException the backend's exception, after reporting it
     */
    void invalidateAll() {
        try {
            cache.removeAll();
        } catch (RuntimeException e) {
            events.backendFailed(name, BackendOperation.REMOVE_ALL, e);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "GuardedCache[" + name + "]";
    }
}
