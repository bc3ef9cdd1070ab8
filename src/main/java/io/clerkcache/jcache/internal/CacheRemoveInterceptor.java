package io.clerkcache.jcache.internal;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheRemove;

/**
 * Implements {@link CacheRemove}: invalidate the key before or after the method, so that no load in flight anywhere
 * writes an older copy back; a failed invalidation is thrown.
 */
@CacheRemove
@Interceptor
@Priority(CacheInterceptorBase.PRIORITY)
public class CacheRemoveInterceptor extends CacheInterceptorBase {

    private static final long serialVersionUID = 1L;

    @AroundInvoke
    Object cacheRemove(InvocationContext ctx) throws Exception {
        OperationRegistry registry = registry();
        BoundOperation<CacheRemoveOperation> bound = registry.find(ctx, CacheRemoveOperation.class);
        if (bound == null) {
            return ctx.proceed();
        }
        CacheRemoveOperation op = bound.operation();
        Object key = bound.key(op.key(), ctx);
        CacheResolution resolution = registry.resolution();
        return around(ctx, op.afterInvocation(), op.evictFor(),
                () -> resolution.forInvalidation(bound.cache(), ctx).invalidate(key));
    }
}
