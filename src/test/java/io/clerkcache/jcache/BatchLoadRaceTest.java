package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.ControlledLoader;
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.SingleFlightWaits;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Races on {@link LoadingCache#getAll} (Weld SE, Caffeine): batches share the loads of the keys they have in common
 * with other batches and single lookups, and an invalidation of one key during a batch load keeps that key's value
 * out of the cache and no other. Coordinated with holds inside the loader and the single-flight wait reports.
 */
class BatchLoadRaceTest {

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();
    ControlledLoader loader = new ControlledLoader();
    SingleFlightWaits waits;
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
        weld = JCacheTesting.caffeine(sharedInvalidation, SingleFlightWaits.class);
        waits = weld.select(SingleFlightWaits.class).get();
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> values = manager.createCache("values", new MutableConfiguration<String, String>());
        raw = manager.getCache("values");
        cache = weld.select(CacheLoading.class).get().of(values);
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void getAll_oneKeyInvalidatedWhileBatchLoads_callerGetsAllValuesButOnlyTheOthersAreCached(
            boolean sharedInvalidation) throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();

        Future<Map<String, String>> batch = pool.submit(() -> cache.getAll(Set.of("a", "b", "c"), loader));
        inLoader.awaitReached();
        cache.invalidate("b");
        Object afterInvalidation = raw.get("b");
        inLoader.release();

        assertEquals(Map.of("a", "a #1", "b", "b #1", "c", "c #1"), batch.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the caller's lookup began before the invalidation");
        if (sharedInvalidation) {
            assertInstanceOf(InvalidationMarker.class, afterInvalidation);
        } else {
            assertNull(afterInvalidation);
        }
        assertEquals(afterInvalidation, raw.get("b"), "the overtaken value of b was not written");
        assertEquals("a #1", raw.get("a"));
        assertEquals("c #1", raw.get("c"));

        assertEquals(Map.of("a", "a #1", "b", "b #2", "c", "c #1"), cache.getAll(Set.of("a", "b", "c"), loader));
        assertEquals(List.of(Set.of("a", "b", "c"), Set.of("b")), loader.batches(), "only b was loaded again");
    }

    @Test
    void getAll_twoOverlappingBatchesInFlight_eachKeyLoadedOnce() throws Exception {
        start(true);
        Hold inLoader = loader.holdNextCall();

        // 1. the first batch leads a, b and c, and is held in its loader
        Future<Map<String, String>> first = pool.submit(() -> cache.getAll(Set.of("a", "b", "c"), loader));
        inLoader.awaitReached();
        // 2. the second batch loads d, which nobody loads, then waits for the first batch's b and c
        waits.expect(1);
        Future<Map<String, String>> second = pool.submit(() -> cache.getAll(Set.of("b", "c", "d"), loader));
        assertTrue(waits.await(), "the second batch waits for the first");
        inLoader.release();

        assertEquals(Map.of("a", "a #1", "b", "b #1", "c", "c #1"), first.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Map.of("b", "b #1", "c", "c #1", "d", "d #1"), second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(Set.of("a", "b", "c"), Set.of("d")), loader.batches());
        for (String key : List.of("a", "b", "c", "d")) {
            assertEquals(1, loader.loads(key), key);
        }
    }

    @Test
    void get_ofKeyABatchIsLoading_waitsForTheBatchInsteadOfLoading() throws Exception {
        start(true);
        Hold inLoader = loader.holdNextCall();
        Future<Map<String, String>> batch = pool.submit(() -> cache.getAll(Set.of("a", "b"), loader));
        inLoader.awaitReached();

        waits.expect(1);
        Future<String> single = pool.submit(() -> cache.get("b", loader));
        assertTrue(waits.await(), "the single lookup waits for the batch's load of b");
        inLoader.release();

        assertEquals("b #1", single.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Map.of("a", "a #1", "b", "b #1"), batch.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, loader.loads("b"));
    }

    @Test
    void getAll_keyASingleLookupIsLoading_batchLoadsTheOthersAndWaitsForThatKey() throws Exception {
        start(true);
        Hold inLoader = loader.holdNextCall();
        Future<String> single = pool.submit(() -> cache.get("b", loader));
        inLoader.awaitReached();

        waits.expect(1);
        Future<Map<String, String>> batch = pool.submit(() -> cache.getAll(Set.of("a", "b"), loader));
        assertTrue(waits.await(), "the batch waits for the single lookup's load of b");
        inLoader.release();

        assertEquals(Map.of("a", "a #1", "b", "b #1"), batch.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("b #1", single.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(Set.of("a")), loader.batches(), "the batch loaded a only");
        assertEquals(1, loader.loads("b"));
    }
}
