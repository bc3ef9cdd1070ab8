package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.CaffeineCacheManagerProducer;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** A cache created by someone else between the library's lookup and its own creation is found and used. */
class CacheCreationRaceTest {

    @Test
    void result_cacheCreatedConcurrentlyByAnother_existingCacheUsed() {
        try (WeldContainer weld = JCacheTesting.weld(RacingManagerProducer.class, Service.class).initialize()) {
            Service service = weld.select(Service.class).get();

            service.find("k");
            service.find("k");

            assertEquals(1, service.calls(), "the second call hit the cache the 'other thread' created");
            CacheManager manager = weld.select(CacheManager.class).get();
            assertNotNull(manager.getCache("raced").get(new DefaultCacheKey(new Object[] {"k"})));
            assertEquals(0, weld.select(CacheStatistics.class).get().snapshot("raced").backendErrors());
        }
    }

    /** Wraps a real Caffeine manager; its createCache injects the race: the cache appears, then creation fails. */
    public static class RacingManagerProducer {
        @Produces
        @ApplicationScoped
        CacheManager cacheManager() {
            CachingProvider p = Caching.getCachingProvider(CaffeineCacheManagerProducer.CAFFEINE);
            CacheManager real = p.getCacheManager(URI.create("race:" + UUID.randomUUID()), p.getDefaultClassLoader());
            return (CacheManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CacheManager.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("createCache")) {
                            real.createCache((String) args[0], (Configuration<?, ?>) args[1]); // the other thread
                            throw new CacheException("A cache named " + args[0] + " already exists.");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        void close(@Disposes CacheManager manager) {
            manager.close();
        }
    }

    @ApplicationScoped
    static class Service {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "raced")
        String find(String key) {
            calls.incrementAndGet();
            return key;
        }
    }
}
