package io.clerkcache.jcache.internal;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheRemoveAll;

/** Implements {@link CacheRemoveAll} on CDI beans; the work is in {@link CacheInterceptorSupport#removeAll}. */
@CacheRemoveAll
@Interceptor
@Priority(CacheInterceptorSupport.PRIORITY)
public class CacheRemoveAllInterceptor extends CacheInterceptorBase {

    private static final long serialVersionUID = 1L;

    @AroundInvoke
    Object intercept(InvocationContext ctx) throws Exception {
        return support().removeAll(ctx);
    }
}
