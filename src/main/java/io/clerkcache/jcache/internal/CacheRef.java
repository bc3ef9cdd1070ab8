package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.CacheErrorPolicy;
import io.clerkcache.jcache.GuardedCache;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * A cache of the application's {@link CacheManager}, looked up by name once and kept; created on demand (with
 * {@link io.clerkcache.jcache.JCacheSettings#cacheConfiguration()}) when the manager does not have it.
 */
final class CacheRef {

    private final String name;
    private final Supplier<CacheManager> manager;
    private final CacheErrorPolicy policy;
    private volatile GuardedCache<Object, Object> cache;

    CacheRef(String name, Supplier<CacheManager> manager, CacheErrorPolicy policy) {
        this.name = name;
        this.manager = manager;
        this.policy = policy;
    }

    /**
     * The cache.
     *
     * @throws RuntimeException the provider's exception when the cache can neither be found nor created
     */
    GuardedCache<Object, Object> get() {
        GuardedCache<Object, Object> g = cache;
        if (g != null && !g.unwrap().isClosed()) {
            return g;
        }
        g = policy.guard(lookUpOrCreate());
        cache = g;
        return g;
    }

    private Cache<Object, Object> lookUpOrCreate() {
        CacheManager cm = manager.get();
        Cache<Object, Object> c;
        try {
            c = cm.getCache(name);
        } catch (IllegalArgumentException | IllegalStateException | CacheException e) {
            throw e;
        } catch (RuntimeException e) {
            // Caffeine looks every name up in its Typesafe configuration first, and names with '$' (the default
            // name of a method of a nested class) are invalid paths there; creating the cache does not read it
            c = null;
        }
        if (c != null) {
            return c;
        }
        try {
            return cm.createCache(name, policy.settings().cacheConfiguration().apply(name));
        } catch (CacheException e) {
            // another thread (or JVM, for a shared manager) created it between our get and create
            c = cm.getCache(name);
            if (c == null) {
                throw e;
            }
            return c;
        }
    }
}
