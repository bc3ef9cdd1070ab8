package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.FailingCaches;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The error policy, through the interceptors and through {@link GuardedCache}, with an injected failing cache. */
class ErrorPolicyTest {

    WeldContainer weld;
    CacheErrorPolicy policy;
    CacheStatistics statistics;
    Broken broken;
    List<LogRecord> warnings = new ArrayList<>();
    Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        weld = JCacheTesting.caffeine(Broken.class, Working.class);
        policy = weld.select(CacheErrorPolicy.class).get();
        statistics = weld.select(CacheStatistics.class).get();
        broken = weld.select(Broken.class).get();
        Logger.getLogger(CacheErrorPolicy.class.getName()).addHandler(handler);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(CacheErrorPolicy.class.getName()).removeHandler(handler);
        weld.close();
    }

    @Test
    void result_backendFails_missAndMethodRunsEveryTime() {
        assertEquals("value k", broken.load("k"));
        assertEquals("value k", broken.load("k"));

        assertEquals(2, broken.calls());
        CacheStatistics.Snapshot stats = statistics.snapshot("broken");
        assertEquals(2, stats.misses());
        assertEquals(4, stats.backendErrors(), "a failed get and a failed put per call");
    }

    @Test
    void put_backendFails_putSkippedAndCallSucceeds() {
        broken.save("k", "v");

        assertEquals(1, statistics.snapshot("broken").backendErrors());
    }

    @Test
    void remove_backendFails_failureThrownToCaller() {
        assertThrows(CacheException.class, () -> broken.delete("k"));
        assertThrows(CacheException.class, broken::deleteAll);

        assertEquals(2, statistics.snapshot("broken").backendErrors());
    }

    @Test
    void result_valueNotSerializableForStoreByValueCache_putSkippedAndValueReturned() {
        Working bean = weld.select(Working.class).get();

        assertEquals("not serializable", bean.unserializable("k").toString());
        assertEquals("not serializable", bean.unserializable("k").toString());

        assertEquals(2, bean.calls(), "nothing could be cached, so the method ran again");
        assertEquals(2, statistics.snapshot("by-value").backendErrors());
    }

    @Test
    void guardedGet_backendFails_nullAndCountedAsMissAndBackendError() {
        GuardedCache<String, String> cache = policy.guard(FailingCaches.failing("guarded"));

        assertNull(cache.get("k"));
        assertEquals(Map.of(), cache.getAll(Set.of("a", "b")));

        CacheStatistics.Snapshot stats = statistics.snapshot("guarded");
        assertEquals(3, stats.misses());
        assertEquals(2, stats.backendErrors());
    }

    @Test
    void guardedPut_backendFails_returnsFalseWithoutThrowing() {
        GuardedCache<String, String> cache = policy.guard(FailingCaches.failing("guarded"));

        assertFalse(cache.put("k", "v"));
        assertFalse(cache.putAll(Map.of("a", "1")));
        assertEquals(2, statistics.snapshot("guarded").backendErrors());
    }

    @Test
    void guardedRemove_backendFails_throwsAndCounts() {
        GuardedCache<String, String> cache = policy.guard(FailingCaches.failing("guarded"));

        assertThrows(CacheException.class, () -> cache.remove("k"));
        assertThrows(CacheException.class, cache::removeAll);
        assertEquals(2, statistics.snapshot("guarded").backendErrors());
    }

    @Test
    void guardedGetAllAndPutAll_workingCache_storesAndCountsHitsAndMisses() {
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> raw = manager.createCache("batch", new MutableConfiguration<String, String>());
        GuardedCache<String, String> cache = policy.guard(raw);

        assertTrue(cache.putAll(Map.of("a", "1", "b", "2")));
        assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(Set.of("a", "b", "c")));
        assertTrue(cache.remove("a"));
        assertNull(cache.get("a"));

        CacheStatistics.Snapshot stats = statistics.snapshot("batch");
        assertEquals(2, stats.hits());
        assertEquals(2, stats.misses());
    }

    @Test
    void backendFailures_repeatedWithinInterval_oneWarningLogged() {
        GuardedCache<String, String> cache = policy.guard(FailingCaches.failing("noisy"));

        for (int i = 0; i < 5; i++) {
            cache.get("k");
        }

        assertEquals(1, warnings.size(), "rate limited: one WARNING per cache and operation per interval");
        assertEquals(5, statistics.snapshot("noisy").backendErrors(), "every failure still counted");
    }

    @Test
    void observer_throws_callStillAnswered() {
        WeldContainer other = JCacheTesting.caffeine(ThrowingObserver.class, Working.class);
        try {
            assertEquals("value k", other.select(Working.class).get().loadWorking("k"));
            assertEquals("value k", other.select(Working.class).get().loadWorking("k"));
        } finally {
            other.close();
        }
    }

    /** Resolves every cache to one whose operations all fail. */
    public static class FailingResolverFactory implements CacheResolverFactory {
        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            return new CacheResolver() {
                @Override
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    return FailingCaches.failing(details.getCacheName());
                }
            };
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            return getCacheResolver(details);
        }
    }

    @ApplicationScoped
    @CacheDefaults(cacheName = "broken", cacheResolverFactory = FailingResolverFactory.class)
    static class Broken {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult
        String load(String key) {
            calls.incrementAndGet();
            return "value " + key;
        }

        @CachePut
        void save(String key, @CacheValue String value) {
        }

        @CacheRemove
        void delete(String key) {
        }

        @CacheRemoveAll
        void deleteAll() {
        }

    }

    @ApplicationScoped
    static class Working {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "working")
        String loadWorking(String key) {
            return "value " + key;
        }

        /** Caffeine's store-by-value copies through Java serialization: this value cannot be stored. */
        @CacheResult(cacheName = "by-value")
        Object unserializable(String key) {
            calls.incrementAndGet();
            return new Object() {
                @Override
                public String toString() {
                    return "not serializable";
                }
            };
        }

    }

    @ApplicationScoped
    static class ThrowingObserver implements CacheObserver {
        @Override
        public void onHit(String cacheName) {
            throw new IllegalStateException("observer bug");
        }

        @Override
        public void onMiss(String cacheName) {
            throw new IllegalStateException("observer bug");
        }
    }
}
