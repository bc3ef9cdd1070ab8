package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.ControlledLoader;
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.SingleFlightWaits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Races on the load path of one key (Weld SE, Caffeine), each forced into one interleaving: a {@link Hold} stops a
 * call inside the loader or an observer callback, the test does the conflicting step, then releases it. Tests about
 * invalidation run with shared invalidation on (the marker in the cache refuses the write) and off (only this
 * JVM's guard does), so each guard is tested on its own.
 */
class LoadPathRaceTest {

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();
    ControlledLoader loader = new ControlledLoader();
    /** The value cache as it is: values, markers, nothing. */
    Cache<Object, Object> raw;
    LoadingCache<String, String> cache;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (weld != null) {
            weld.close();
        }
    }

    private void start(boolean sharedInvalidation) {
        weld = JCacheTesting.caffeine(sharedInvalidation, HeldMisses.class, SingleFlightWaits.class, Accounts.class);
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> values = manager.createCache("values", new MutableConfiguration<String, String>());
        raw = manager.getCache("values");
        cache = weld.select(CacheLoading.class).get().of(values);
    }

    private CacheStatistics.Snapshot statistics(String cacheName) {
        return weld.select(CacheStatistics.class).get().snapshot(cacheName);
    }

    @Test
    void get_missedThenHeldWhileAnotherCallerLoadsAndLeaves_findsThatValueWithoutLoading() throws Exception {
        start(true);
        Hold afterMiss = weld.select(HeldMisses.class).get().holdNextMiss();

        // 1. A reads the cache, finds nothing, and stops in onMiss: before it joins any flight
        Future<String> a = pool.submit(() -> cache.get("k", loader));
        afterMiss.awaitReached();
        // 2. B misses, leads, loads, writes and leaves the flight while A is held
        assertEquals("k #1", cache.get("k", loader));
        // 3. A goes on: it becomes the leader of a new flight, reads the cache again and finds B's value
        afterMiss.release();

        assertEquals("k #1", a.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, loader.loads("k"), "A did not load a second time");
    }

    @Test
    void get_twentyCallersStartTogetherWithInstantLoader_oneLoadPerKeyInEachOf200Rounds() throws Exception {
        start(true);
        int callers = 20;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        CyclicBarrier together = new CyclicBarrier(callers);
        try {
            for (int round = 0; round < 200; round++) {
                String key = "k" + round;
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    answers.add(threads.submit(() -> {
                        together.await(WAIT_SECONDS, TimeUnit.SECONDS);
                        return cache.get(key, loader);
                    }));
                }
                for (Future<String> answer : answers) {
                    assertEquals(key + " #1", answer.get(WAIT_SECONDS, TimeUnit.SECONDS));
                }
                assertEquals(1, loader.loads(key), "loads of " + key + " in round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void get_invalidatedWhileLoading_callerGetsItsValueButNothingIsWritten(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();

        Future<String> caller = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();
        cache.invalidate("k");
        Object afterInvalidation = raw.get("k");
        inLoader.release();

        assertEquals("k #1", caller.get(WAIT_SECONDS, TimeUnit.SECONDS), "its lookup began before the invalidation");
        if (sharedInvalidation) {
            assertInstanceOf(InvalidationMarker.class, afterInvalidation);
        } else {
            assertNull(afterInvalidation);
        }
        assertEquals(afterInvalidation, raw.get("k"), "the overtaken load wrote nothing");
        assertNull(cache.getIfPresent("k"));
        assertEquals("k #2", cache.get("k", loader), "the next lookup loads again");
        assertEquals("k #2", raw.get("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void get_arrivesAfterInvalidationWhileOvertakenLoadRuns_loadsAnewWithoutWaiting(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();
        Future<String> overtaken = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();
        cache.invalidate("k");

        // C arrives while the overtaken load is still held: it must neither wait for it nor get its value
        assertEquals("k #2", cache.get("k", loader));
        assertEquals(0, statistics("values").singleFlightWaits(), "C did not wait for the overtaken load");

        inLoader.release();
        assertEquals("k #1", overtaken.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("k #2", raw.get("k"), "the overtaken load did not overwrite C's value");
        assertEquals(2, loader.loads("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void get_waitingWhenInvalidationOvertakesTheLoad_readsTheCacheAgainAndLoadsAnew(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        SingleFlightWaits waits = weld.select(SingleFlightWaits.class).get();
        waits.expect(1);
        Hold inLoader = loader.holdNextCall();
        Future<String> overtaken = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();
        Future<String> waiter = pool.submit(() -> cache.get("k", loader));
        assertTrue(waits.await(), "the second caller waits for the held load");

        cache.invalidate("k");
        inLoader.release();

        assertEquals("k #1", overtaken.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("k #2", waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter re-read the cache, found no value and loaded; it did not take the overtaken value");
        assertEquals("k #2", raw.get("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void cachePut_whileCacheResultLoads_putValueStaysInCache(boolean sharedInvalidation) throws Exception {
        start(sharedInvalidation);
        Accounts accounts = weld.select(Accounts.class).get();
        Hold inLoader = accounts.loader().holdNextCall();

        Future<String> load = pool.submit(() -> accounts.find("k"));
        inLoader.awaitReached();
        accounts.save("k", "saved k");
        inLoader.release();

        assertEquals("k #1", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        Cache<Object, Object> accountCache = weld.select(CacheManager.class).get().getCache("accounts");
        assertEquals("saved k", accountCache.get(new DefaultCacheKey(new Object[] {"k"})),
                "the load that started before the put did not overwrite it");
        assertEquals("saved k", accounts.find("k"));
        assertEquals(1, accounts.loader().loads("k"));
    }

    /** Holds the next caller that missed, in {@code onMiss}: after its read, before it joins a flight. */
    @ApplicationScoped
    static class HeldMisses implements CacheObserver {
        private final AtomicReference<Hold> next = new AtomicReference<>();

        Hold holdNextMiss() {
            Hold hold = new Hold();
            next.set(hold);
            return hold;
        }

        @Override
        public void onMiss(String cacheName) {
            Hold hold = next.getAndSet(null);
            if (hold != null) {
                hold.block();
            }
        }
    }

    @ApplicationScoped
    static class Accounts {
        private final ControlledLoader loader = new ControlledLoader();

        ControlledLoader loader() {
            return loader;
        }

        @CacheResult(cacheName = "accounts")
        String find(String id) {
            return loader.load(id);
        }

        @CachePut(cacheName = "accounts")
        void save(String id, @CacheValue String account) {
        }
    }
}
