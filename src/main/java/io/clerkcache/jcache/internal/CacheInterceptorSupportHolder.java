package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.CacheErrorPolicy;
import io.clerkcache.jcache.JCacheExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import javax.cache.CacheManager;

/**
 * The application-wide {@link CacheInterceptorSupport}. Interceptors ask it once for the support object and then call
 * that directly. (Returning {@code this} from a bean method would not do: Weld's client proxy hands back the proxy
 * when a method returns its own instance.)
 */
@ApplicationScoped
public class CacheInterceptorSupportHolder {

    private final CacheInterceptorSupport support;

    /** Constructor for CDI. */
    @Inject
    public CacheInterceptorSupportHolder(JCacheExtension extension, BeanManager beanManager, CacheErrorPolicy policy,
                                         Instance<CacheManager> cacheManagers) {
        this.support = new CacheInterceptorSupport(extension, beanManager, policy, cacheManagers);
    }

    /** Only for the CDI client proxy. */
    protected CacheInterceptorSupportHolder() {
        this.support = null;
    }

    /** The shared support. */
    public CacheInterceptorSupport support() {
        return support;
    }
}
