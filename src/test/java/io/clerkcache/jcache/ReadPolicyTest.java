package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.ReadPolicy.Freshness;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.RedisInstance;
import io.clerkcache.jcache.support.SingleFlightWaits;
import io.clerkcache.jcache.support.ValuesAndAbsences;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link LoadingCache#get(Object, ReadPolicy, ValueLoader)} and its batch form: stale-if-error, early refresh and the
 * wait bound, on Caffeine and on the real Redis at 127.0.0.1:6379 (keys under a prefix of the test's own). The policy
 * judges values by a table the test fills (a value not in it is fresh); loads are held with latches, never timed.
 */
class ReadPolicyTest {

    enum Backend { CAFFEINE, REDIS }

    /** The failure a stale copy may answer; any other is thrown. */
    static final class Unavailable extends RuntimeException {
        Unavailable() {
            super("the system of record is unavailable");
        }
    }

    /** Counts the events of stale-if-error and early refresh (a singleton: its fields are read directly). */
    @Singleton
    public static class Counts implements CacheObserver {
        final AtomicInteger staleServed = new AtomicInteger();
        final AtomicInteger refreshed = new AtomicInteger();

        @Override
        public void onStaleServed(String cacheName) {
            staleServed.incrementAndGet();
        }

        @Override
        public void onRefreshedEarly(String cacheName) {
            refreshed.incrementAndGet();
        }
    }

    final ExecutorService pool = Executors.newCachedThreadPool();
    final Map<String, Freshness> verdicts = new ConcurrentHashMap<>();
    volatile Duration maxWait = Duration.ofSeconds(WAIT_SECONDS * 2);
    final ReadPolicy<String> policy = new ReadPolicy<>() {
        @Override
        public Freshness freshness(String value) {
            return verdicts.getOrDefault(value, Freshness.FRESH);
        }

        @Override
        public boolean serveStaleOn(Throwable failure) {
            return failure instanceof Unavailable;
        }

        @Override
        public Duration maxWait() {
            return maxWait;
        }
    };
    WeldContainer weld;
    RedisInstance redis;
    Cache<Object, Object> raw;
    LoadingCache<String, String> cache;
    Counts counts;
    SingleFlightWaits waits;

    void open(Backend backend) {
        if (backend == Backend.CAFFEINE) {
            weld = JCacheTesting.caffeine(Counts.class, SingleFlightWaits.class);
            ValuesAndAbsences caches = ValuesAndAbsences.create(weld);
            raw = caches.rawValues();
            cache = caches.cache();
        } else {
            weld = JCacheTesting.weld(Counts.class, SingleFlightWaits.class).initialize();
            redis = RedisInstance.connect(RedisInstance.newPrefix());
            raw = redis.cache("values");
            @SuppressWarnings("unchecked")
            Cache<String, String> values = (Cache<String, String>) (Cache<?, ?>) raw;
            cache = weld.select(CacheLoading.class).get().of(values, redis.cache("absences"));
        }
        counts = weld.select(Counts.class).get();
        waits = weld.select(SingleFlightWaits.class).get();
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        if (weld != null) {
            weld.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static ValueLoader<String, String, RuntimeException> failing(AtomicInteger calls) {
        return key -> {
            calls.incrementAndGet();
            throw new Unavailable();
        };
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_freshValue_answeredWithoutLoading(Backend backend) {
        open(backend);
        cache.put("k", "v1");
        AtomicInteger calls = new AtomicInteger();

        assertEquals("v1", cache.get("k", policy, failing(calls)));
        assertEquals(0, calls.get());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_staleValueAndLoadFails_staleCopyAnsweredAndCounted(Backend backend) {
        open(backend);
        cache.put("k", "v1");
        verdicts.put("v1", Freshness.STALE);
        AtomicInteger calls = new AtomicInteger();

        assertEquals("v1", cache.get("k", policy, failing(calls)));
        assertEquals(1, calls.get(), "a stale value is reloaded first");
        assertEquals(1, counts.staleServed.get());
        assertEquals("v1", raw.get("k"), "the copy stays for the next lookup");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_staleValueAndLoadFailsWithFailurePolicyRefuses_thrown(Backend backend) {
        open(backend);
        cache.put("k", "v1");
        verdicts.put("v1", Freshness.STALE);

        assertThrows(IllegalStateException.class, () -> cache.get("k", policy, key -> {
            throw new IllegalStateException("refused credentials");
        }));
        assertEquals(0, counts.staleServed.get());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_expiredValueAndLoadFails_thrown(Backend backend) {
        open(backend);
        cache.put("k", "v1");
        verdicts.put("v1", Freshness.EXPIRED);

        assertThrows(Unavailable.class, () -> cache.get("k", policy, failing(new AtomicInteger())));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_staleValueAndLoadSucceeds_newValueWrittenOverIt(Backend backend) {
        open(backend);
        cache.put("k", "v1");
        verdicts.put("v1", Freshness.STALE);

        assertEquals("v2", cache.get("k", policy, key -> "v2"));
        assertEquals("v2", raw.get("k"));
        assertEquals(0, counts.staleServed.get());
    }

    /**
     * Many callers of a stale key, at 0 ms and 20 ms of load latency: one load; when it fails, every caller (leader
     * and waiters) answers the stale copy; when it succeeds, every caller answers the new value.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_concurrentCallersOfStaleKey_oneLoadAndEveryoneAnswered(Backend backend) throws Exception {
        open(backend);
        int callers = 8;
        for (int round = 0; round < 20; round++) {
            String key = "k" + round;
            cache.put(key, "old");
            verdicts.put("old", Freshness.STALE);
            boolean fail = round % 2 == 0;
            long latency = round < 10 ? 0 : 20;
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger loads = new AtomicInteger();
            ValueLoader<String, String, RuntimeException> loader = k -> {
                loads.incrementAndGet();
                await(release);
                sleep(latency);
                if (fail) {
                    throw new Unavailable();
                }
                return "new";
            };
            waits.expect(callers - 1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> cache.get(key, policy, loader)));
            }
            assertTrue(waits.await(), "round " + round + ": the others wait for the one load");
            release.countDown();
            for (Future<String> r : results) {
                assertEquals(fail ? "old" : "new", r.get(WAIT_SECONDS, TimeUnit.SECONDS), "round " + round);
            }
            assertEquals(1, loads.get(), "round " + round);
            assertEquals(fail ? "old" : "new", raw.get(key), "round " + round);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_invalidatedWhileStaleReloadInFlight_reloadNotWrittenAndNoCopyForLaterCallers(Backend backend)
            throws Exception {
        open(backend);
        cache.put("k", "old");
        verdicts.put("old", Freshness.STALE);
        CountDownLatch inLoad = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> caller = pool.submit(() -> cache.get("k", policy, k -> {
            inLoad.countDown();
            await(release);
            return "loaded before the invalidation";
        }));
        assertTrue(inLoad.await(WAIT_SECONDS, TimeUnit.SECONDS));

        cache.invalidate("k");
        release.countDown();

        assertEquals("loaded before the invalidation", caller.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "its lookup began before the invalidation");
        assertInstanceOf(InvalidationMarker.class, raw.get("k"), "the reload's write was refused");
        assertThrows(Unavailable.class, () -> cache.get("k", policy, failing(new AtomicInteger())),
                "after the invalidation there is no copy to answer a failure with");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_staleKeyWhileAnotherLoadHangs_waitBoundPassesAndCopyAnswers(Backend backend) throws Exception {
        open(backend);
        cache.put("k", "old");
        verdicts.put("old", Freshness.STALE);
        CountDownLatch inLoad = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> hanging = pool.submit(() -> cache.get("k", policy, k -> {
            inLoad.countDown();
            await(release);
            return "late";
        }));
        assertTrue(inLoad.await(WAIT_SECONDS, TimeUnit.SECONDS));

        maxWait = Duration.ofMillis(50);
        AtomicInteger calls = new AtomicInteger();
        Future<String> bounded = pool.submit(() -> cache.get("k", policy, failing(calls)));
        // generous: the bound is 50 ms, the library's own single-flight timeout 10 s
        assertEquals("old", bounded.get(5, TimeUnit.SECONDS), "the wait is bounded, the copy answers");
        assertEquals(0, calls.get(), "a caller with a copy does not load by itself");
        assertEquals(1, counts.staleServed.get());

        release.countDown();
        assertEquals("late", hanging.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /**
     * Many hits of a value to refresh early, at 0 ms and 20 ms of load latency: exactly one reload; while it is held
     * every other hit answers the cached value at once (no one waits); afterwards the cache holds the new value.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_valueToRefreshEarly_oneReloadOthersAnswerCachedWithoutWaiting(Backend backend) throws Exception {
        open(backend);
        for (int round = 0; round < 20; round++) {
            String key = "r" + round;
            cache.put(key, "cached " + round);
            verdicts.put("cached " + round, Freshness.REFRESH);
            long latency = round < 10 ? 0 : 20;
            CountDownLatch inLoad = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger loads = new AtomicInteger();
            ValueLoader<String, String, RuntimeException> loader = k -> {
                loads.incrementAndGet();
                inLoad.countDown();
                await(release);
                sleep(latency);
                return "refreshed " + k;
            };
            Future<String> refresher = pool.submit(() -> cache.get(key, policy, loader));
            assertTrue(inLoad.await(WAIT_SECONDS, TimeUnit.SECONDS));
            List<Future<String>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(pool.submit(() -> cache.get(key, policy, loader)));
            }
            for (Future<String> other : others) {
                assertEquals("cached " + round, other.get(WAIT_SECONDS, TimeUnit.SECONDS),
                        "round " + round + ": answered while the refresh is held");
            }
            release.countDown();
            assertEquals("refreshed " + key, refresher.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, loads.get(), "round " + round);
            assertEquals("refreshed " + key, raw.get(key));
        }
        assertEquals(20, counts.refreshed.get());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void get_earlyRefreshFails_cachedValueAnsweredNotThrown(Backend backend) {
        open(backend);
        cache.put("k", "v1");
        verdicts.put("v1", Freshness.REFRESH);

        assertEquals("v1", cache.get("k", policy, key -> {
            throw new IllegalStateException("any failure");
        }));
        assertEquals("v1", raw.get("k"));
        assertEquals(0, counts.staleServed.get(), "the value was still fresh");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void getAll_staleKeysAndLoadFails_copiesAnswered(Backend backend) {
        open(backend);
        cache.put("a", "a1");
        cache.put("b", "b1");
        cache.put("c", "c1");
        verdicts.put("a1", Freshness.STALE);
        verdicts.put("b1", Freshness.STALE);
        AtomicInteger calls = new AtomicInteger();

        Map<String, String> found = cache.getAll(Set.of("a", "b", "c"), policy, keys -> {
            calls.incrementAndGet();
            assertEquals(Set.of("a", "b"), keys, "only the stale keys are loaded");
            throw new Unavailable();
        });

        assertEquals(Map.of("a", "a1", "b", "b1", "c", "c1"), found);
        assertEquals(1, calls.get());
        assertEquals(2, counts.staleServed.get());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void getAll_loadFailsForKeyWithoutCopy_thrownNotReportedAbsent(Backend backend) {
        open(backend);
        cache.put("a", "a1");
        verdicts.put("a1", Freshness.STALE);

        assertThrows(Unavailable.class, () -> cache.getAll(Set.of("a", "missing"), policy, keys -> {
            throw new Unavailable();
        }));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void getAll_staleKeysReloaded_newValuesWritten(Backend backend) {
        open(backend);
        cache.put("a", "a1");
        verdicts.put("a1", Freshness.STALE);

        Map<String, String> found = cache.getAll(Set.of("a", "b"), policy, keys -> Map.of("a", "a2", "b", "b1"));

        assertEquals(Map.of("a", "a2", "b", "b1"), found);
        assertEquals("a2", raw.get("a"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void getAll_valueToRefreshEarly_reloadedWithTheBatch(Backend backend) {
        open(backend);
        cache.put("a", "a1");
        verdicts.put("a1", Freshness.REFRESH);

        Map<String, String> found = cache.getAll(Set.of("a"), policy, keys -> Map.of("a", "a2"));

        assertEquals(Map.of("a", "a2"), found);
        assertEquals("a2", raw.get("a"));
        assertEquals(1, counts.refreshed.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
