package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.BulkLoader;
import io.clerkcache.jcache.CacheState;
import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.jcache.ReadPolicy;
import io.clerkcache.jcache.ValueLoader;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A load path bound to a cache name with {@link io.clerkcache.jcache.CacheLoading#bind}, as the interceptors see
 * it: their keys ({@link DefaultCacheKey}s, or a custom generator's) are turned into the bound cache's own keys.
 */
final class KeyMappedLoadingCache<K> implements LoadingCache<Object, Object> {

    private final LoadingCache<K, Object> target;
    private final Function<Object[], ? extends K> keyOf;

    @SuppressWarnings("unchecked")
    KeyMappedLoadingCache(LoadingCache<K, ?> target, Function<Object[], ? extends K> keyOf) {
        this.target = (LoadingCache<K, Object>) target;
        this.keyOf = keyOf;
    }

    private K map(Object key) {
        Object[] parameters = key instanceof DefaultCacheKey k ? k.parameters() : new Object[] {key};
        K mapped = keyOf.apply(parameters);
        if (mapped == null) {
            throw new IllegalArgumentException("the key function of cache " + target.name() + " made no key");
        }
        return mapped;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public <E extends Exception> Object get(Object key, ValueLoader<? super Object, ?, E> loader) throws E {
        return target.get(map(key), k -> loader.load(key));
    }

    @Override
    public <E extends Exception> Map<Object, Object> getAll(Set<?> keys, BulkLoader<Object, ?, E> loader)
            throws E {
        return getAll(keys, ReadPolicy.alwaysFresh(), loader);
    }

    @Override
    public <E extends Exception> Object get(Object key, ReadPolicy<? super Object> policy,
                                            ValueLoader<? super Object, ?, E> loader) throws E {
        return target.get(map(key), policy, k -> loader.load(key));
    }

    @Override
    public <E extends Exception> Map<Object, Object> getAll(Set<?> keys, ReadPolicy<? super Object> policy,
                                                            BulkLoader<Object, ?, E> loader) throws E {
        Map<K, Object> original = new HashMap<>(keys.size() * 2);
        for (Object key : keys) {
            original.put(map(key), key);
        }
        Map<K, Object> found = target.getAll(original.keySet(), policy, mapped -> {
            Set<Object> asked = new LinkedHashSet<>();
            mapped.forEach(k -> asked.add(original.get(k)));
            Map<?, ?> loaded = loader.loadAll(asked);
            Map<K, Object> result = new HashMap<>(loaded.size() * 2);
            loaded.forEach((k, v) -> result.put(map(k), v));
            return result;
        });
        Map<Object, Object> result = new HashMap<>(found.size() * 2);
        found.forEach((k, v) -> result.put(original.get(k), v));
        return result;
    }

    @Override
    public <E extends Exception> Object reload(Object key, ValueLoader<? super Object, ?, E> loader) throws E {
        return target.reload(map(key), k -> loader.load(key));
    }

    @Override
    public Object getIfPresent(Object key) {
        return target.getIfPresent(map(key));
    }

    @Override
    public Map<Object, Object> getAllIfPresent(Set<?> keys) {
        Map<K, Object> original = new HashMap<>(keys.size() * 2);
        for (Object key : keys) {
            original.put(map(key), key);
        }
        Map<Object, Object> result = new HashMap<>();
        target.getAllIfPresent(original.keySet()).forEach((k, v) -> result.put(original.get(k), v));
        return result;
    }

    @Override
    public void put(Object key, Object value) {
        target.put(map(key), value);
    }

    @Override
    public boolean offer(Object key, Object value) {
        return target.offer(map(key), value);
    }

    @Override
    public Object update(Object key, Function<? super CacheState<Object>, ?> decide) {
        return target.update(map(key), decide);
    }

    @Override
    public void invalidate(Object key) {
        target.invalidate(map(key));
    }

    @Override
    public void invalidateAll(Set<?> keys) {
        Set<K> mapped = new LinkedHashSet<>();
        keys.forEach(k -> mapped.add(map(k)));
        target.invalidateAll(mapped);
    }

    @Override
    public void invalidateAbsences() {
        target.invalidateAbsences();
    }

    @Override
    public void invalidateAll() {
        target.invalidateAll();
    }

    @Override
    public String toString() {
        return "bound " + target;
    }
}
