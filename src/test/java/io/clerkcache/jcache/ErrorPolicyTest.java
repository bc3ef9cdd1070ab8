package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clerkcache.jcache.support.FailingCaches;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * The error policy, through the interceptors and through {@link LoadingCache}, with an injected failing cache: a
 * failed read is a miss, a failed write is skipped, a failed invalidation is thrown.
 */
class ErrorPolicyTest {

    /** The library logs backend failures under its package name. */
    private static final Logger LIBRARY_LOG = Logger.getLogger("io.clerkcache.jcache");

    WeldContainer weld;
    CacheLoading loading;
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
        weld = JCacheTesting.caffeine(Broken.class, Working.class, Failures.class);
        loading = weld.select(CacheLoading.class).get();
        statistics = weld.select(CacheStatistics.class).get();
        broken = weld.select(Broken.class).get();
        LIBRARY_LOG.addHandler(handler);
    }

    @AfterEach
    void stop() {
        LIBRARY_LOG.removeHandler(handler);
        weld.close();
    }

    @Test
    void result_backendFails_missAndMethodRunsEveryTime() {
        assertEquals("value k", broken.load("k"));
        assertEquals("value k", broken.load("k"));

        assertEquals(2, broken.calls());
        CacheStatistics.Snapshot stats = statistics.snapshot("broken");
        assertEquals(2, stats.misses());
        assertEquals(List.of(BackendOperation.GET, BackendOperation.GET, BackendOperation.PUT_IF_ABSENT,
                        BackendOperation.GET, BackendOperation.GET, BackendOperation.PUT_IF_ABSENT),
                weld.select(Failures.class).get().operations(),
                "per call: the failed read, the leader's failed second read, the skipped write");
        assertEquals(6, stats.backendErrors());
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
        assertEquals(List.of(BackendOperation.INVALIDATE, BackendOperation.REMOVE_ALL),
                weld.select(Failures.class).get().operations());
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
    void loadingGet_backendFails_loaderAnswersAndCountedAsMissAndBackendErrors() {
        LoadingCache<String, String> cache = loading.of(FailingCaches.<String, String>failing("guarded"));

        assertEquals("loaded k", cache.get("k", k -> "loaded " + k));
        assertEquals(Map.of("a", "loaded a", "b", "loaded b"),
                cache.getAll(Set.of("a", "b"), keys -> loadAll(keys)));
        assertNull(cache.getIfPresent("k"));

        CacheStatistics.Snapshot stats = statistics.snapshot("guarded");
        assertEquals(3, stats.misses(), "k, a and b");
        assertEquals(3, stats.loads());
        assertEquals(List.of(
                        BackendOperation.GET, BackendOperation.GET, BackendOperation.PUT_IF_ABSENT, // get
                        BackendOperation.GET_ALL, BackendOperation.GET_ALL, // getAll: the read, the leader's read
                        BackendOperation.PUT_IF_ABSENT, BackendOperation.PUT_IF_ABSENT, // getAll: a write per key
                        BackendOperation.GET), // getIfPresent
                weld.select(Failures.class).get().operations());
        assertEquals(8, stats.backendErrors());
    }

    @Test
    void loadingPut_backendFails_skippedWithoutThrowing() {
        LoadingCache<String, String> cache = loading.of(FailingCaches.<String, String>failing("guarded"));

        cache.put("k", "v");
        assertFalse(cache.offer("k", "v"));

        assertEquals(List.of(BackendOperation.PUT, BackendOperation.PUT_IF_ABSENT),
                weld.select(Failures.class).get().operations());
        assertEquals(2, statistics.snapshot("guarded").backendErrors());
    }

    @Test
    void loadingInvalidate_backendFails_throwsAndCounts() {
        LoadingCache<String, String> cache = loading.of(FailingCaches.<String, String>failing("guarded"));

        assertThrows(CacheException.class, () -> cache.invalidate("k"));
        assertThrows(CacheException.class, cache::invalidateAll);

        assertEquals(List.of(BackendOperation.INVALIDATE, BackendOperation.REMOVE_ALL),
                weld.select(Failures.class).get().operations());
        assertEquals(2, statistics.snapshot("guarded").backendErrors());
    }

    @Test
    void loadingGetAllAndPut_workingCache_storesAndCountsHitsAndMisses() {
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> raw = manager.createCache("batch", new MutableConfiguration<String, String>());
        LoadingCache<String, String> cache = loading.of(raw);

        cache.put("a", "1");
        cache.put("b", "2");
        assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(Set.of("a", "b", "c"), keys -> Map.of()));
        cache.invalidate("a");
        assertNull(cache.getIfPresent("a"));
        assertEquals("loaded a", cache.get("a", k -> "loaded " + k));

        CacheStatistics.Snapshot stats = statistics.snapshot("batch");
        assertEquals(2, stats.hits());
        assertEquals(2, stats.misses(), "c, and a after its invalidation");
        assertEquals(0, stats.backendErrors());
    }

    @Test
    void backendFailures_repeatedWithinInterval_oneWarningLogged() {
        LoadingCache<String, String> cache = loading.of(FailingCaches.<String, String>failing("noisy"));

        for (int i = 0; i < 5; i++) {
            cache.getIfPresent("k");
        }

        assertEquals(1, warnings.size(), "rate limited: one WARNING per cache and operation per interval");
        assertEquals(5, statistics.snapshot("noisy").backendErrors(), "every failure still counted");
    }

    private static Map<String, String> loadAll(Set<String> keys) {
        Map<String, String> values = new HashMap<>();
        keys.forEach(k -> values.put(k, "loaded " + k));
        return values;
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

    /** Records which backend operations failed, in order. */
    @ApplicationScoped
    static class Failures implements CacheObserver {
        private final List<BackendOperation> operations = new CopyOnWriteArrayList<>();

        List<BackendOperation> operations() {
            return List.copyOf(operations);
        }

        @Override
        public void onBackendError(String cacheName, BackendOperation operation, RuntimeException error) {
            operations.add(operation);
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
