package io.clerkcache.it.consumer;

import java.lang.annotation.Annotation;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;

/**
 * The consumer's own caches, in a {@code CacheManager} of its own (in memory, Caffeine), handed to its annotations
 * through the standard {@code cacheResolverFactory}. It is deliberately not a {@code CacheManager} bean: the user
 * directory jar produces the deployment's one, and a second default bean would make injection ambiguous.
 */
@ApplicationScoped
public class QuoteCaches implements CacheResolverFactory {

    private static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    private final CacheManager manager;

    /** Opens the module's own manager, under a URI of its own so no other module shares its caches. */
    public QuoteCaches() {
        ClassLoader cl = QuoteCaches.class.getClassLoader();
        CachingProvider provider = Caching.getCachingProvider(CAFFEINE, cl);
        manager = provider.getCacheManager(java.net.URI.create("consumer-app:quotes"), cl);
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> method) {
        Cache<Object, Object> cache = cache(method.getCacheName());
        return new CacheResolver() {
            @Override
            public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> ctx) {
                @SuppressWarnings("unchecked")
                Cache<K, V> c = (Cache<K, V>) cache;
                return c;
            }
        };
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<javax.cache.annotation.CacheResult> method) {
        throw new UnsupportedOperationException("the consumer caches no exceptions");
    }

    private synchronized Cache<Object, Object> cache(String name) {
        Cache<Object, Object> cache = manager.getCache(name);
        if (cache == null) {
            cache = manager.createCache(name, new MutableConfiguration<>()
                    .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.TEN_MINUTES))
                    .setStoreByValue(false));
        }
        return cache;
    }

    @PreDestroy
    void close() {
        manager.close();
    }
}
