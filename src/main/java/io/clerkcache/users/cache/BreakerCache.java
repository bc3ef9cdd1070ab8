package io.clerkcache.users.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

import io.clerkcache.jcache.InvalidationMarker;

/**
 * A user cache in Redis behind the {@link RedisBreaker}. Closed, every operation goes to Redis through the breaker
 * (whose failures reach the caller as exceptions, so the JCache library's error policy counts them). Open, operations
 * go to an in-JVM cache of the same name, TTL and weight bound (the <em>local layer</em>), with the same JCache
 * semantics ({@code putIfAbsent}, {@code replace(k, expected, v)}, invalidation markers), so the load path keeps its
 * single flight and "invalidation wins" within this instance and Clerk sees one call per user per TTL, not one per
 * lookup. Invalidations while open (markers written, removals) are applied to the local layer and then thrown as
 * {@link RedisUnavailableException}: Redis and the other instances missed them, and the callers that must say so
 * (an invalidation's HTTP answer, a webhook's 503) do.
 */
final class BreakerCache implements Cache<Object, Object> {

    private final Cache<Object, Object> redis;
    private final Cache<Object, Object> local;
    private final RedisBreaker breaker;

    BreakerCache(Cache<Object, Object> redis, Cache<Object, Object> local, RedisBreaker breaker) {
        this.redis = redis;
        this.local = local;
        this.breaker = breaker;
    }

    /** The local layer, for its size and to drop it. */
    Cache<Object, Object> local() {
        return local;
    }

    private <T> T route(Function<Cache<Object, Object>, T> operation) {
        if (breaker.isOpen()) {
            return operation.apply(local);
        }
        return breaker.call(() -> operation.apply(redis));
    }

    private void routeVoid(java.util.function.Consumer<Cache<Object, Object>> operation) {
        route(c -> {
            operation.accept(c);
            return null;
        });
    }

    /** An invalidation: applied locally and reported as missed by Redis while the breaker is open. */
    private <T> T invalidation(Function<Cache<Object, Object>, T> operation) {
        if (breaker.isOpen()) {
            operation.apply(local);
            throw breaker.skipped();
        }
        return breaker.call(() -> operation.apply(redis));
    }

    private void invalidationVoid(java.util.function.Consumer<Cache<Object, Object>> operation) {
        invalidation(c -> {
            operation.accept(c);
            return null;
        });
    }

    @Override
    public Object get(Object key) {
        return route(c -> c.get(key));
    }

    @Override
    public Map<Object, Object> getAll(Set<?> keys) {
        return route(c -> c.getAll(keys));
    }

    @Override
    public boolean containsKey(Object key) {
        return route(c -> c.containsKey(key));
    }

    @Override
    public void loadAll(Set<?> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        routeVoid(c -> c.loadAll(keys, replaceExistingValues, completionListener));
    }

    @Override
    public void put(Object key, Object value) {
        if (value instanceof InvalidationMarker) {
            invalidationVoid(c -> c.put(key, value));
        } else {
            routeVoid(c -> c.put(key, value));
        }
    }

    @Override
    public Object getAndPut(Object key, Object value) {
        return value instanceof InvalidationMarker ? invalidation(c -> c.getAndPut(key, value))
                : route(c -> c.getAndPut(key, value));
    }

    @Override
    public void putAll(Map<?, ?> map) {
        if (map.values().stream().anyMatch(InvalidationMarker.class::isInstance)) {
            invalidationVoid(c -> c.putAll(map));
        } else {
            routeVoid(c -> c.putAll(map));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return route(c -> c.putIfAbsent(key, value));
    }

    @Override
    public boolean remove(Object key) {
        return invalidation(c -> c.remove(key));
    }

    @Override
    public boolean remove(Object key, Object oldValue) {
        return invalidation(c -> c.remove(key, oldValue));
    }

    @Override
    public Object getAndRemove(Object key) {
        return invalidation(c -> c.getAndRemove(key));
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        // the load path's conditional write; a marker written over a value is the load path's own invalidation
        return route(c -> c.replace(key, oldValue, newValue));
    }

    @Override
    public boolean replace(Object key, Object value) {
        return route(c -> c.replace(key, value));
    }

    @Override
    public Object getAndReplace(Object key, Object value) {
        return route(c -> c.getAndReplace(key, value));
    }

    @Override
    public void removeAll(Set<?> keys) {
        invalidationVoid(c -> c.removeAll(keys));
    }

    @Override
    public void removeAll() {
        invalidationVoid(Cache::removeAll);
    }

    @Override
    public void clear() {
        invalidationVoid(Cache::clear);
    }

    @Override
    public <C extends Configuration<Object, Object>> C getConfiguration(Class<C> type) {
        return redis.getConfiguration(type);
    }

    @Override
    public <T> T invoke(Object key, EntryProcessor<Object, Object, T> processor, Object... arguments) {
        return route(c -> c.invoke(key, processor, arguments));
    }

    @Override
    public <T> Map<Object, EntryProcessorResult<T>> invokeAll(Set<?> keys, EntryProcessor<Object, Object, T> processor,
            Object... arguments) {
        return route(c -> c.invokeAll(keys, processor, arguments));
    }

    @Override
    public String getName() {
        return redis.getName();
    }

    @Override
    public CacheManager getCacheManager() {
        return redis.getCacheManager();
    }

    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            local.close();
        }
    }

    @Override
    public boolean isClosed() {
        return redis.isClosed();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return redis.unwrap(type);
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<Object, Object> configuration) {
        redis.registerCacheEntryListener(configuration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<Object, Object> configuration) {
        redis.deregisterCacheEntryListener(configuration);
    }

    @Override
    public Iterator<Entry<Object, Object>> iterator() {
        return route(Cache::iterator);
    }

    @Override
    public String toString() {
        return "BreakerCache[" + getName() + ", " + breaker.state() + "]";
    }
}
