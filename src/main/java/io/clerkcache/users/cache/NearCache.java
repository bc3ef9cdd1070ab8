package io.clerkcache.users.cache;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.InvalidationMarker;
import io.clerkcache.jcache.UnreadableValue;
import io.clerkcache.metrics.Recorder;

/**
 * A {@link Cache} with a near cache in front: reads answer from this JVM's copy when there is one, else from the
 * cache behind (Redis), whose values (never its invalidation markers or absences, which must be seen where every
 * instance sees them) are kept for a short time; every write goes to the cache behind first, then drops the key here
 * at once and on every other instance through {@link NearCaches}' channel. A conditional write that fails drops the
 * key here as well: the copy it was based on may be older than what the cache behind holds.
 *
 * <p>Wraps whatever cache it is given, so it composes with other decorators; everything that is neither a read nor a
 * write (configuration, listeners, iteration) is the wrapped cache's.
 */
final class NearCache implements Cache<Object, Object> {

    private final Cache<Object, Object> cache;
    private final NearCaches near;
    private final Recorder recorder;
    private final String name;
    private volatile java.util.function.Consumer<Object> afterRead = key -> { };

    NearCache(Cache<Object, Object> cache, NearCaches near, Recorder recorder) {
        this.cache = cache;
        this.near = near;
        this.recorder = recorder;
        this.name = cache.getName();
    }

    /** Whether a value read from the cache behind may be kept here: application values only. */
    static boolean keepable(Object value) {
        return value != null && !(value instanceof InvalidationMarker) && !(value instanceof AbsentValue)
                && !(value instanceof UnreadableValue);
    }

    // ------------------------------------------------------------------------------------------ reads

    @Override
    public Object get(Object key) {
        NearCaches.Key k = new NearCaches.Key(name, key);
        Object copy = near.copy(k);
        if (copy != null) {
            recorder.nearLookup(name, true);
            return copy;
        }
        recorder.nearLookup(name, false);
        long generation = near.generation();
        long version = near.version(k);
        Object value = cache.get(key);
        afterRead.accept(key);
        if (keepable(value)) {
            near.keep(k, value, generation, version);
        }
        return value;
    }

    /** The near caches this one belongs to (for tests). */
    NearCaches hub() {
        return near;
    }

    /** Runs between a read of the cache behind and keeping its answer: a seam for tests that hold a read there. */
    void afterRead(java.util.function.Consumer<Object> hook) {
        this.afterRead = hook;
    }

    @Override
    public Map<Object, Object> getAll(Set<?> keys) {
        Map<Object, Object> found = new HashMap<>(keys.size() * 2);
        Map<Object, long[]> missing = new HashMap<>(keys.size() * 2);
        long generation = near.generation();
        for (Object key : keys) {
            NearCaches.Key k = new NearCaches.Key(name, key);
            Object copy = near.copy(k);
            if (copy != null) {
                found.put(key, copy);
            } else {
                missing.put(key, new long[] {near.version(k)});
            }
        }
        for (int i = 0; i < found.size(); i++) {
            recorder.nearLookup(name, true);
        }
        for (int i = 0; i < missing.size(); i++) {
            recorder.nearLookup(name, false);
        }
        if (missing.isEmpty()) {
            return found;
        }
        Map<Object, Object> read = cache.getAll(missing.keySet());
        read.forEach((key, value) -> {
            found.put(key, value);
            if (keepable(value)) {
                near.keep(new NearCaches.Key(name, key), value, generation, missing.get(key)[0]);
            }
        });
        return found;
    }

    @Override
    public boolean containsKey(Object key) {
        return cache.containsKey(key);
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public void put(Object key, Object value) {
        try {
            cache.put(key, value);
        } finally {
            changed(key);
        }
    }

    @Override
    public Object getAndPut(Object key, Object value) {
        try {
            return cache.getAndPut(key, value);
        } finally {
            changed(key);
        }
    }

    @Override
    public void putAll(Map<?, ?> map) {
        try {
            cache.putAll(map);
        } finally {
            near.changed(name, map.keySet());
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean written = false;
        try {
            written = cache.putIfAbsent(key, value);
            return written;
        } finally {
            settled(key, written);
        }
    }

    @Override
    public boolean remove(Object key) {
        try {
            return cache.remove(key);
        } finally {
            changed(key);
        }
    }

    @Override
    public boolean remove(Object key, Object oldValue) {
        boolean removed = false;
        try {
            removed = cache.remove(key, oldValue);
            return removed;
        } finally {
            settled(key, removed);
        }
    }

    @Override
    public Object getAndRemove(Object key) {
        try {
            return cache.getAndRemove(key);
        } finally {
            changed(key);
        }
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        boolean replaced = false;
        try {
            replaced = cache.replace(key, oldValue, newValue);
            return replaced;
        } finally {
            settled(key, replaced);
        }
    }

    @Override
    public boolean replace(Object key, Object value) {
        boolean replaced = false;
        try {
            replaced = cache.replace(key, value);
            return replaced;
        } finally {
            settled(key, replaced);
        }
    }

    @Override
    public Object getAndReplace(Object key, Object value) {
        try {
            return cache.getAndReplace(key, value);
        } finally {
            changed(key);
        }
    }

    @Override
    public void removeAll(Set<?> keys) {
        try {
            cache.removeAll(keys);
        } finally {
            near.changed(name, keys);
        }
    }

    @Override
    public void removeAll() {
        try {
            cache.removeAll();
        } finally {
            near.changedAll(name);
        }
    }

    @Override
    public void clear() {
        try {
            cache.clear();
        } finally {
            near.changedAll(name);
        }
    }

    @Override
    public <T> T invoke(Object key, EntryProcessor<Object, Object, T> processor, Object... arguments) {
        try {
            return cache.invoke(key, processor, arguments);
        } finally {
            changed(key);
        }
    }

    @Override
    public <T> Map<Object, EntryProcessorResult<T>> invokeAll(Set<?> keys, EntryProcessor<Object, Object, T> processor,
            Object... arguments) {
        try {
            return cache.invokeAll(keys, processor, arguments);
        } finally {
            near.changed(name, keys);
        }
    }

    @Override
    public void loadAll(Set<?> keys, boolean replaceExistingValues, CompletionListener listener) {
        try {
            cache.loadAll(keys, replaceExistingValues, listener);
        } finally {
            near.changed(name, keys);
        }
    }

    /** A write that may have changed {@code key}: drop it here, then tell the other instances. */
    private void changed(Object key) {
        near.changed(name, List.of(key));
    }

    /**
     * After a conditional write: if it was applied, as {@link #changed}; if not, the cache behind holds something
     * else than the write expected, perhaps newer than the copy here, which goes (the others learnt of it already).
     */
    private void settled(Object key, boolean written) {
        if (written) {
            changed(key);
        } else {
            near.drop(new NearCaches.Key(name, key));
        }
    }

    // ------------------------------------------------------------------------------------------ the rest

    @Override
    public <C extends Configuration<Object, Object>> C getConfiguration(Class<C> clazz) {
        return cache.getConfiguration(clazz);
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<Object, Object> configuration) {
        cache.registerCacheEntryListener(configuration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<Object, Object> configuration) {
        cache.deregisterCacheEntryListener(configuration);
    }

    @Override
    public Iterator<Entry<Object, Object>> iterator() {
        return cache.iterator();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return cache.getCacheManager();
    }

    @Override
    public void close() {
        cache.close();
    }

    @Override
    public boolean isClosed() {
        return cache.isClosed();
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return clazz.isInstance(this) ? clazz.cast(this) : cache.unwrap(clazz);
    }

    @Override
    public String toString() {
        return "NearCache[" + name + "]";
    }
}
