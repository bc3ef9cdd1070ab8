package io.clerkcache.jcache.internal;

import jakarta.inject.Inject;
import java.io.Serializable;

/**
 * What the four cache interceptors share: access to the {@link CacheInterceptorSupport} without a CDI client proxy on
 * the hit path (a proxied call costs a context lookup and reflective dispatch on every invocation).
 */
abstract class CacheInterceptorBase implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheInterceptorSupportHolder holder;

    // fetched once through the holder's proxy and then called directly; transient: after passivation the holder's
    // proxy is restored and the support fetched again
    private transient CacheInterceptorSupport direct;

    final CacheInterceptorSupport support() {
        CacheInterceptorSupport s = direct;
        if (s == null) {
            s = holder.support();
            direct = s;
        }
        return s;
    }
}
