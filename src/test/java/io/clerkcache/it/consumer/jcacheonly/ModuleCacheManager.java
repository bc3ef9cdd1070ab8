package io.clerkcache.it.consumer.jcacheonly;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * The producer a module writes when it takes only the JCache jar: the one default {@code CacheManager} bean the
 * interceptors resolve caches from, with its provider chosen by class name (two providers on a class path make
 * {@code Caching.getCachingProvider()} throw), under a URI of its own.
 */
@ApplicationScoped
public class ModuleCacheManager {

    private static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    @Produces
    @ApplicationScoped
    CacheManager cacheManager() {
        ClassLoader cl = ModuleCacheManager.class.getClassLoader();
        CachingProvider provider = Caching.getCachingProvider(CAFFEINE, cl);
        return provider.getCacheManager(URI.create("greetings-module:caches"), cl);
    }

    void close(@Disposes CacheManager manager) {
        manager.close();
    }
}
