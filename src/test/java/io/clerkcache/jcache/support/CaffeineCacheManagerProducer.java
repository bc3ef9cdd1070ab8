package io.clerkcache.jcache.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * The application-provided CacheManager for the in-memory tests: a fresh Caffeine manager per container (a unique
 * URI), so every test starts with no caches, closed with the container.
 *
 * <p>Caches the library creates on demand get the JCache default, store-by-value, which Caffeine implements by
 * copying through Java serialization: deliberately kept, because it is what an application gets without further
 * configuration and it makes these tests catch non-serializable keys or values.
 */
public class CaffeineCacheManagerProducer {

    /** Selected by class name: with Redisson also on the classpath, {@code Caching.getCachingProvider()} throws. */
    public static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    @Produces
    @ApplicationScoped
    CacheManager cacheManager() {
        CachingProvider provider = Caching.getCachingProvider(CAFFEINE);
        return provider.getCacheManager(URI.create("test:" + UUID.randomUUID()), provider.getDefaultClassLoader());
    }

    void close(@Disposes CacheManager cacheManager) {
        cacheManager.close();
    }
}
