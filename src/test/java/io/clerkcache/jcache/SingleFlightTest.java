package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single flight and the invalidation guard. Every step is coordinated with latches (no sleeps, no timing
 * assertions): a load blocks until the test releases it, and the test knows callers wait because the
 * {@link CacheObserver} reports each wait.
 */
class SingleFlightTest {

    private static final long WAIT_SECONDS = 20;

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (weld != null) {
            weld.close();
        }
    }

    private Slow start(Class<?>... extra) {
        weld = JCacheTesting.caffeine(Stream.concat(Stream.of(Slow.class, Waits.class), Stream.of(extra))
                .toArray(Class<?>[]::new));
        return weld.select(Slow.class).get();
    }

    private Object cached(String key) {
        return weld.select(CacheManager.class).get().getCache("slow").get(new DefaultCacheKey(new Object[] {key}));
    }

    @Test
    void result_fiftyConcurrentMissesOfOneKey_methodRunsOnceAndEveryoneGetsTheValue() throws Exception {
        Slow slow = start();
        slow.holdFirstLoad();
        Waits waits = weld.select(Waits.class).get();
        waits.expect(49);

        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> slow.load("k")));
        }
        assertTrue(waits.await(), "49 callers wait for the one running load");
        slow.release();

        for (Future<String> result : results) {
            assertEquals("v1 k", result.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(1, slow.calls());
        CacheStatistics.Snapshot stats = weld.select(CacheStatistics.class).get().snapshot("slow");
        assertEquals(1, stats.loads());
        assertEquals(49, stats.singleFlightWaits());
    }

    @Test
    void result_leaderThrows_waiterGetsTheSameException() throws Exception {
        Slow slow = start();
        slow.holdFirstLoad();
        slow.failWith(new IllegalStateException("backend down"));
        Waits waits = weld.select(Waits.class).get();
        waits.expect(1);

        Future<String> first = pool.submit(() -> slow.load("k"));
        Future<String> second = pool.submit(() -> slow.load("k"));
        assertTrue(waits.await());
        slow.release();

        Throwable a = assertThrows(ExecutionException.class, () -> first.get(WAIT_SECONDS, TimeUnit.SECONDS)).getCause();
        Throwable b = assertThrows(ExecutionException.class, () -> second.get(WAIT_SECONDS, TimeUnit.SECONDS)).getCause();
        assertSame(a, b);
        assertEquals("backend down", a.getMessage());
        assertEquals(1, slow.calls());
    }

    @Test
    void result_waitTimesOut_waiterRunsTheMethodItself() throws Exception {
        Slow slow = start(ShortWait.class);
        slow.holdFirstLoad();

        Future<String> leader = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        assertEquals("v1 k", slow.load("k"), "the waiter gave up waiting and loaded itself");
        slow.release();

        assertEquals("v1 k", leader.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, slow.calls());
        assertEquals(1, weld.select(CacheStatistics.class).get().snapshot("slow").singleFlightTimeouts());
    }

    @Test
    void result_singleFlightOff_concurrentMissesEachRunTheMethod() throws Exception {
        Slow slow = start(NoSingleFlight.class);
        slow.holdFirstLoadUntilSecondStarts();

        Future<String> first = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        Future<String> second = pool.submit(() -> slow.load("k"));

        assertEquals("v1 k", first.get(WAIT_SECONDS, TimeUnit.SECONDS), "the second call ran while the first was held");
        assertEquals("v1 k", second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, slow.calls());
    }

    @Test
    void remove_duringLoadOfSameKey_loadAnswersItsCallerButCachesNothing() throws Exception {
        Slow slow = start();
        slow.holdFirstLoad();

        Future<String> load = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        slow.remove("k");
        slow.release();

        assertEquals("v1 k", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InvalidationMarker.class, cached("k"),
                "the invalidation won over the load that started before it");
        slow.load("k");
        assertEquals(2, slow.calls(), "the next read loads again");
    }

    @Test
    void remove_duringLoadWithSingleFlightOff_loadCachesNothing() throws Exception {
        Slow slow = start(NoSingleFlight.class);
        slow.holdFirstLoad();

        Future<String> load = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        slow.remove("k");
        slow.release();

        assertEquals("v1 k", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InvalidationMarker.class, cached("k"),
                "the invalidation guard does not depend on single flight");
    }

    @Test
    void remove_afterLeaderFinishedButWhileLaterLoadRuns_laterLoadCachesNothing() throws Exception {
        Slow slow = start();
        assertEquals("v1 k", slow.load("k"), "a first, finished load");
        slow.remove("k");
        slow.holdSecondLoad();

        Future<String> load = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitSecondLoad());
        slow.remove("k");
        slow.release();

        assertEquals("v1 k", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InvalidationMarker.class, cached("k"), "a new flight for the key is guarded like the first");
    }

    @Test
    void removeAll_duringLoad_loadCachesNothing() throws Exception {
        Slow slow = start();
        slow.holdFirstLoad();

        Future<String> load = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        slow.removeAll();
        slow.release();

        assertEquals("v1 k", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertNull(cached("k"));
    }

    @Test
    void put_duringLoadOfSameKey_putValueStaysInCache() throws Exception {
        Slow slow = start();
        slow.holdFirstLoad();

        Future<String> load = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        slow.put("k", "v2 k");
        slow.release();

        assertEquals("v1 k", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("v2 k", cached("k"));
    }

    @Test
    void remove_ofOtherKeyDuringLoad_loadIsCached() throws Exception {
        Slow slow = start();
        slow.holdFirstLoad();

        Future<String> load = pool.submit(() -> slow.load("k"));
        assertTrue(slow.awaitFirstLoad());
        slow.remove("other");
        slow.release();

        assertEquals("v1 k", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("v1 k", cached("k"));
    }

    @ApplicationScoped
    static class Slow {
        private final AtomicInteger calls = new AtomicInteger();
        private final CountDownLatch firstLoadEntered = new CountDownLatch(1);
        private final CountDownLatch secondLoadEntered = new CountDownLatch(1);
        private volatile CountDownLatch release = new CountDownLatch(0);
        private volatile boolean releaseOnSecond;
        private volatile boolean holdSecond;
        private volatile RuntimeException failure;

        void holdFirstLoad() {
            release = new CountDownLatch(1);
        }

        void holdFirstLoadUntilSecondStarts() {
            holdFirstLoad();
            releaseOnSecond = true;
        }

        void holdSecondLoad() {
            release = new CountDownLatch(1);
            holdSecond = true;
        }

        boolean awaitSecondLoad() throws InterruptedException {
            return secondLoadEntered.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        void failWith(RuntimeException e) {
            failure = e;
        }

        void release() {
            release.countDown();
        }

        boolean awaitFirstLoad() throws InterruptedException {
            return firstLoadEntered.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "slow")
        String load(String key) throws InterruptedException {
            int n = calls.incrementAndGet();
            if (n == 1) {
                firstLoadEntered.countDown();
                if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } else if (n == 2 && releaseOnSecond) {
                release.countDown();
            } else if (n == 2 && holdSecond) {
                secondLoadEntered.countDown();
                if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            if (failure != null) {
                throw failure;
            }
            return "v1 " + key;
        }

        @CacheRemove(cacheName = "slow")
        void remove(String key) {
        }

        @CacheRemoveAll(cacheName = "slow")
        void removeAll() {
        }

        @CachePut(cacheName = "slow")
        void put(String key, @CacheValue String value) {
        }
    }

    @ApplicationScoped
    static class Waits implements CacheObserver {
        private volatile CountDownLatch waits = new CountDownLatch(0);

        void expect(int count) {
            waits = new CountDownLatch(count);
        }

        boolean await() throws InterruptedException {
            return waits.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void onSingleFlightWait(String cacheName) {
            waits.countDown();
        }
    }

    static class ShortWait {
        @Produces
        @Singleton
        JCacheSettings settings() {
            return JCacheSettings.defaults().withSingleFlightTimeout(Duration.ofMillis(50));
        }
    }

    static class NoSingleFlight {
        @Produces
        @Singleton
        JCacheSettings settings() {
            return JCacheSettings.defaults().withSingleFlight(false);
        }
    }
}
