package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.BackendOperation;
import io.clerkcache.jcache.LoadingCache;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;

/**
 * How the interceptors find caches and helper instances: the application's {@link CacheManager} bean, caches by
 * name (created on demand), custom {@link CacheResolverFactory} and key generator classes (the CDI bean if there is
 * one, else a new instance).
 */
final class CacheResolution {

    private final BeanManager beanManager;
    private final Instance<CacheManager> cacheManagers;
    private final DefaultCacheLoading loading;
    private final Map<String, CacheRef> caches = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
    private volatile CacheManager cacheManager;

    CacheResolution(BeanManager beanManager, Instance<CacheManager> cacheManagers, DefaultCacheLoading loading) {
        this.beanManager = beanManager;
        this.cacheManagers = cacheManagers;
        this.loading = loading;
    }

    /** How {@code target}'s cache (or, with {@code exceptionCacheName}, its exception cache) is found on a call. */
    Binding bind(OperationTarget target, KeySpec key, String exceptionCacheName) {
        if (target.resolverFactory() == null) {
            return new Fixed(cacheRef(exceptionCacheName != null ? exceptionCacheName : target.cacheName()), loading);
        }
        CacheResolverFactory factory = instance(target.resolverFactory());
        // both resolvers get the method's own details, as the reference implementation gives them
        MethodDetails<Annotation> details = MethodDetails.of(target);
        CacheResolver resolver = exceptionCacheName == null ? factory.getCacheResolver(details)
                : factory.getExceptionCacheResolver(MethodDetails.of(target));
        if (resolver == null) {
            throw new IllegalStateException(factory.getClass().getName() + " returned no CacheResolver for "
                    + OperationParser.describe(target.method()));
        }
        return new Custom(resolver, target, key, exceptionCacheName != null ? exceptionCacheName : target.cacheName());
    }

    /**
     * The cache of a binding through the load path, or {@code null} (reported as a backend failure) when it cannot
     * be resolved: a lookup then goes on without the cache.
     */
    LoadingCache<Object, Object> forRead(Binding binding, InvocationContext ctx) {
        try {
            return binding.resolve(ctx);
        } catch (RuntimeException e) {
            loading.events().backendFailed(binding.cacheName(), BackendOperation.RESOLVE, e);
            return null;
        }
    }

    /** The cache of a binding for an invalidation, whose failure (reported) reaches the caller. */
    LoadingCache<Object, Object> forInvalidation(Binding binding, InvocationContext ctx) {
        try {
            return binding.resolve(ctx);
        } catch (RuntimeException e) {
            loading.events().backendFailed(binding.cacheName(), BackendOperation.RESOLVE, e);
            throw e;
        }
    }

    /** How one operation's cache is found on each call. */
    sealed interface Binding permits Fixed, Custom {
        String cacheName();

        LoadingCache<Object, Object> resolve(InvocationContext ctx);
    }

    /** A cache by name: the load path bound to the name, else the application manager's cache of that name. */
    private record Fixed(CacheRef ref, DefaultCacheLoading loading) implements Binding {
        @Override
        public String cacheName() {
            return ref.name();
        }

        @Override
        public LoadingCache<Object, Object> resolve(InvocationContext ctx) {
            LoadingCache<Object, Object> bound = loading.bound(ref.name());
            return bound != null ? bound : ref.get();
        }
    }

    /** A cache chosen per call by a custom resolver. */
    private final class Custom implements Binding {
        private final CacheResolver resolver;
        private final OperationTarget target;
        private final KeySpec key;
        private final String cacheName;

        Custom(CacheResolver resolver, OperationTarget target, KeySpec key, String cacheName) {
            this.resolver = resolver;
            this.target = target;
            this.key = key;
            this.cacheName = cacheName;
        }

        @Override
        public String cacheName() {
            return cacheName;
        }

        @Override
        public LoadingCache<Object, Object> resolve(InvocationContext ctx) {
            Cache<Object, Object> cache = resolver.resolveCache(new KeyInvocationContext<>(target, key, ctx));
            if (cache == null) {
                throw new IllegalStateException(resolver.getClass().getName() + " resolved no cache for "
                        + OperationParser.describe(target.method()));
            }
            return loading.of(cache);
        }
    }

    private CacheRef cacheRef(String name) {
        return caches.computeIfAbsent(name, n -> new CacheRef(n, this::cacheManager,
                loading.settings().cacheConfiguration(), loading::of));
    }

    private CacheManager cacheManager() {
        CacheManager cm = cacheManager;
        if (cm == null) {
            if (!cacheManagers.isResolvable()) {
                throw new IllegalStateException("The JCache annotations need the application to provide exactly one"
                        + " javax.cache.CacheManager bean with the default qualifier (e.g. a @Produces"
                        + " @ApplicationScoped method); found " + (cacheManagers.isUnsatisfied() ? "none" : "several"));
            }
            cm = cacheManagers.get();
            cacheManager = cm;
        }
        return cm;
    }

    /** The CDI bean of {@code type} if there is one, else a new instance from its no-argument constructor; kept. */
    <T> T instance(Class<T> type) {
        Object existing = instances.get(type);
        if (existing == null) {
            // not computeIfAbsent: creating the bean may resolve another helper through this method
            Instance<T> bean = beanManager.createInstance().select(type);
            if (bean.isResolvable()) {
                existing = bean.get();
            } else {
                try {
                    existing = type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException(type.getName() + " is not a CDI bean and cannot be instantiated"
                            + " with a public no-argument constructor", e);
                }
            }
            Object raced = instances.putIfAbsent(type, existing);
            existing = raced != null ? raced : existing;
        }
        return type.cast(existing);
    }
}
