package io.clerkcache.jcache.internal;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheRemoveAll;

/**
 * Implements {@link CacheRemoveAll}: clear the cache before or after the method; loads in flight in this JVM do not
 * write back. A failed clearing is thrown.
 */
@CacheRemoveAll
@Interceptor
@Priority(CacheInterceptorBase.PRIORITY)
public class CacheRemoveAllInterceptor extends CacheInterceptorBase {

    private static final long serialVersionUID = 1L;

    @AroundInvoke
    Object cacheRemoveAll(InvocationContext ctx) throws Exception {
        OperationRegistry registry = registry();
        BoundOperation<CacheRemoveAllOperation> bound = registry.find(ctx, CacheRemoveAllOperation.class);
        if (bound == null) {
            return ctx.proceed();
        }
        CacheRemoveAllOperation op = bound.operation();
        CacheResolution resolution = registry.resolution();
        return around(ctx, op.afterInvocation(), op.evictFor(),
                () -> resolution.forInvalidation(bound.cache(), ctx).invalidateAll());
    }
}
