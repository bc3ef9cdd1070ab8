package io.clerkcache.jcache.tck;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The CacheManager for the JSR-107 TCK run: the default manager of the provider named by the system property
 * {@code javax.cache.spi.CachingProvider} (set by the {@code jsr107-tck} surefire execution), which is what the TCK
 * itself would use. The library never calls {@link Caching} itself.
 */
public class TckCacheManagerProducer {

    @Produces
    @ApplicationScoped
    CacheManager cacheManager() {
        return Caching.getCachingProvider().getCacheManager();
    }

    void close(@Disposes CacheManager cacheManager) {
        cacheManager.close();
    }
}
