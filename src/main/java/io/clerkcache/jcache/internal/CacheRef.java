package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.LoadingCache;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;

/**
 * A cache of the application's {@link CacheManager} by name, looked up once and kept (again after it was closed);
 * created on demand when the manager does not have it.
 */
final class CacheRef {

    private final String name;
    private final Supplier<CacheManager> manager;
    private final Function<String, Configuration<Object, Object>> configuration;
    private final Function<Cache<Object, Object>, LoadingCache<Object, Object>> loading;
    private volatile Cache<Object, Object> cache;
    private volatile LoadingCache<Object, Object> loadingCache;

    CacheRef(String name, Supplier<CacheManager> manager,
             Function<String, Configuration<Object, Object>> configuration,
             Function<Cache<Object, Object>, LoadingCache<Object, Object>> loading) {
        this.name = name;
        this.manager = manager;
        this.configuration = configuration;
        this.loading = loading;
    }

    String name() {
        return name;
    }

    /**
     * The cache through the load path.
     *
     * @throws RuntimeException the provider's exception when the cache can neither be found nor created
     */
    LoadingCache<Object, Object> get() {
        Cache<Object, Object> c = cache;
        if (c != null && !c.isClosed()) {
            return loadingCache;
        }
        c = lookUpOrCreate();
        LoadingCache<Object, Object> l = loading.apply(c);
        loadingCache = l;
        cache = c;
        return l;
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
            return cm.createCache(name, configuration.apply(name));
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
