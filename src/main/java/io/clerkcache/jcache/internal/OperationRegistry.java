package io.clerkcache.jcache.internal;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheManager;

/**
 * The operations of intercepted methods, parsed and bound once per bean class and method, and how their caches are
 * resolved. A {@code @Singleton}, so the interceptors hold the object itself: a client proxy would cost a context
 * lookup on every cache hit.
 */
@Singleton
public class OperationRegistry {

    /** Marks a method of a bean class that no cache operation applies to. */
    private static final Object NONE = new Object();

    private final JCacheExtension extension;
    private final CacheResolution resolution;
    private final DefaultCacheLoading loading;
    private final ClassValue<Map<Method, Object>> byTargetClass = new ClassValue<>() {
        @Override
        protected Map<Method, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** Constructor for CDI. */
    @Inject
    public OperationRegistry(JCacheExtension extension, BeanManager beanManager, Instance<CacheManager> cacheManagers,
                             DefaultCacheLoading loading) {
        this.extension = extension;
        this.loading = loading;
        this.resolution = new CacheResolution(beanManager, cacheManagers, loading);
    }

    DefaultCacheLoading loading() {
        return loading;
    }

    CacheResolution resolution() {
        return resolution;
    }

    /** The intercepted method's operation if it is a {@code type}, else {@code null} (the call just proceeds). */
    @SuppressWarnings("unchecked")
    <O extends JCacheOperation> BoundOperation<O> find(InvocationContext ctx, Class<O> type) {
        Method method = ctx.getMethod();
        Class<?> targetClass = ctx.getTarget().getClass();
        Map<Method, Object> methods = byTargetClass.get(targetClass);
        Object bound = methods.get(method);
        if (bound == null) {
            bound = methods.computeIfAbsent(method, m -> bind(targetClass, m));
        }
        return bound instanceof BoundOperation<?> b && type.isInstance(b.operation()) ? (BoundOperation<O>) b : null;
    }

    private Object bind(Class<?> targetClass, Method method) {
        JCacheOperation operation;
        try {
            operation = OperationParser.parse(extension.beanClassOf(targetClass), method);
        } catch (IllegalArgumentException e) {
            // normally rejected at deployment; reached only for beans the extension did not see
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (operation == null) {
            return NONE;
        }
        OperationTarget target = operation.target();
        KeySpec key = keyOf(operation);
        var keyGenerator = key == null || key.generator() == null ? null : resolution.instance(key.generator());
        var exceptionCache = operation instanceof CacheResultOperation r && r.hasExceptionCache()
                ? resolution.bind(target, key, r.exceptionCacheName()) : null;
        return new BoundOperation<>(operation, keyGenerator, resolution.bind(target, key, null), exceptionCache);
    }

    private static KeySpec keyOf(JCacheOperation operation) {
        if (operation instanceof CacheResultOperation r) {
            return r.key();
        }
        if (operation instanceof CachePutOperation p) {
            return p.key();
        }
        if (operation instanceof CacheRemoveOperation r) {
            return r.key();
        }
        return null; // @CacheRemoveAll has no key
    }
}
