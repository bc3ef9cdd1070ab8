package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.jcache.ValueLoader;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheResult;

/**
 * Implements {@link CacheResult}: answer from the cache, else run the method once (single flight) and cache its
 * result, through the library's one load path.
 */
@CacheResult
@Interceptor
@Priority(CacheInterceptorBase.PRIORITY)
public class CacheResultInterceptor extends CacheInterceptorBase {

    private static final long serialVersionUID = 1L;

    @AroundInvoke
    Object cacheResult(InvocationContext ctx) throws Exception {
        OperationRegistry registry = registry();
        BoundOperation<CacheResultOperation> bound = registry.find(ctx, CacheResultOperation.class);
        if (bound == null) {
            return ctx.proceed();
        }
        CacheResultOperation op = bound.operation();
        Object key = bound.key(op.key(), ctx);
        CacheResolution resolution = registry.resolution();
        LoadingCache<Object, Object> cache = resolution.forRead(bound.cache(), ctx);
        LoadingCache<Object, Object> exceptions =
                op.hasExceptionCache() ? resolution.forRead(bound.exceptionCache(), ctx) : null;

        GuardedLoadingCache<Object, Object> guarded =
                cache instanceof GuardedLoadingCache<Object, Object> g && !op.skipGet() ? g : null;
        Object firstRead = null;
        if (guarded != null) {
            firstRead = guarded.read(key);
            if (GuardedLoadingCache.isValue(firstRead)) {
                return guarded.get(key, firstRead, null); // a hit: counted there, and no loader is built for it
            }
        }
        // runs after a miss: an exception cached for the key is thrown again, else the method runs
        ValueLoader<Object, Object, Exception> invoke = k -> {
            if (!op.skipGet() && exceptions != null && exceptions.getIfPresent(k) instanceof Throwable cached) {
                throw sneaky(cached);
            }
            try {
                return ctx.proceed();
            } catch (Throwable t) {
                if (exceptions != null && op.cachedExceptions().matches(t)) {
                    exceptions.put(k, t);
                }
                throw t;
            }
        };
        if (cache == null) { // could not be resolved (reported): a failed read is a miss
            registry.loading().events().miss(bound.cache().cacheName());
            return invoke.load(key);
        }
        if (guarded != null) {
            return guarded.get(key, firstRead, invoke);
        }
        return op.skipGet() ? cache.reload(key, invoke) : cache.get(key, invoke);
    }
}
