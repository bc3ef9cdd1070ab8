package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.LoadingCache;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CachePut;

/**
 * Implements {@link CachePut}: store the {@code @CacheValue} argument before or after the method. Loads of the key
 * in flight anywhere do not overwrite it. A {@code null} value invalidates the key (JCache holds no nulls, and the
 * old entry must not survive a put of "nothing").
 */
@CachePut
@Interceptor
@Priority(CacheInterceptorBase.PRIORITY)
public class CachePutInterceptor extends CacheInterceptorBase {

    private static final long serialVersionUID = 1L;

    @AroundInvoke
    Object cachePut(InvocationContext ctx) throws Exception {
        OperationRegistry registry = registry();
        BoundOperation<CachePutOperation> bound = registry.find(ctx, CachePutOperation.class);
        if (bound == null) {
            return ctx.proceed();
        }
        CachePutOperation op = bound.operation();
        Object key = bound.key(op.key(), ctx);
        Object value = ctx.getParameters()[op.valueParameter()];
        CacheResolution resolution = registry.resolution();
        return around(ctx, op.afterInvocation(), op.cacheFor(), () -> {
            if (value == null) {
                resolution.forInvalidation(bound.cache(), ctx).invalidate(key);
                return;
            }
            LoadingCache<Object, Object> cache = resolution.forRead(bound.cache(), ctx);
            if (cache != null) {
                cache.put(key, value);
            }
        });
    }
}
