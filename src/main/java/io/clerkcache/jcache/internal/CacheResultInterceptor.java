package io.clerkcache.jcache.internal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.annotation.CacheResult;

/** Implements {@link CacheResult} on CDI beans; the work is in {@link CacheInterceptorSupport#result}. */
@CacheResult
@Interceptor
@Priority(CacheInterceptorSupport.PRIORITY)
public class CacheResultInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheInterceptorSupportHolder holder;

    // fetched once through the holder's proxy and then called directly; transient: after passivation the holder's
    // proxy is restored and the support fetched again
    private transient CacheInterceptorSupport direct;

    @AroundInvoke
    Object intercept(InvocationContext ctx) throws Exception {
        CacheInterceptorSupport s = direct;
        if (s == null) {
            s = holder.support();
            direct = s;
        }
        return s.result(ctx);
    }
}
