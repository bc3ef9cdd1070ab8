package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.ControlledLoader;
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.SingleFlightWaits;
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
 * A {@link LoadingCache} with an absence cache (Weld SE, Caffeine): a key the loader finds nothing for is remembered
 * as an {@link AbsentValue}, answered as a negative hit without loading, dropped by an invalidation, and not
 * remembered when an invalidation overtook the load that found nothing.
 */
class AbsenceCachingTest {

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();
    ControlledLoader loader = new ControlledLoader().withoutValue("ghost", "phantom");
    /** The absence cache as it is: absences, markers, nothing. */
    Cache<Object, Object> rawAbsences;
    Cache<Object, Object> rawValues;
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
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> values = manager.createCache("values", new MutableConfiguration<String, String>());
        manager.createCache("absences", new MutableConfiguration<>());
        rawValues = manager.getCache("values");
        rawAbsences = manager.getCache("absences");
        cache = weld.select(CacheLoading.class).get().of(values, rawAbsences);
    }

    private CacheStatistics.Snapshot statistics() {
        return weld.select(CacheStatistics.class).get().snapshot("values");
    }

    @Test
    void get_loaderFindsNothing_absenceRememberedAndNextGetIsNegativeHitWithoutLoading() {
        start(true);

        assertNull(cache.get("ghost", loader));
        assertNull(cache.get("ghost", loader));

        assertEquals(1, loader.loads("ghost"));
        assertInstanceOf(AbsentValue.class, rawAbsences.get("ghost"));
        assertNull(rawValues.get("ghost"), "nothing is written to the value cache");
        CacheStatistics.Snapshot stats = statistics();
        assertEquals(1, stats.misses());
        assertEquals(1, stats.negativeHits());
        assertEquals(0, stats.hits());
    }

    @Test
    void getAll_loaderFindsNothingForSomeKeys_thoseRememberedAndNotLoadedAgain() {
        start(true);

        assertEquals(Map.of("a", "a #1"), cache.getAll(Set.of("a", "ghost"), loader));
        assertEquals(Map.of("a", "a #1"), cache.getAll(Set.of("a", "ghost"), loader));

        assertEquals(1, loader.loads("ghost"));
        assertEquals(1, loader.batches().size());
        assertEquals(1, statistics().negativeHits());
        assertEquals(1, statistics().hits());
    }

    @Test
    void invalidate_ofRememberedAbsence_nextGetLoadsAgain() {
        start(true);
        cache.get("ghost", loader);

        cache.invalidate("ghost");

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        assertNull(cache.get("ghost", loader));
        assertEquals(2, loader.loads("ghost"));
    }

    @Test
    void invalidateAbsences_dropsEveryAbsenceAndKeepsValues() {
        start(true);
        cache.get("ghost", loader);
        cache.get("phantom", loader);
        cache.get("a", loader);

        cache.invalidateAbsences();

        assertNull(cache.get("ghost", loader));
        assertNull(cache.get("phantom", loader));
        assertEquals("a #1", cache.get("a", loader));
        assertEquals(2, loader.loads("ghost"));
        assertEquals(2, loader.loads("phantom"));
        assertEquals(1, loader.loads("a"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void get_invalidatedWhileLoaderFindsNothing_absenceNotRemembered(boolean sharedInvalidation) throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();

        Future<String> caller = pool.submit(() -> cache.get("ghost", loader));
        inLoader.awaitReached();
        cache.invalidate("ghost"); // say the key got a value meanwhile
        Object afterInvalidation = rawAbsences.get("ghost");
        inLoader.release();

        assertNull(caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        if (sharedInvalidation) {
            assertInstanceOf(InvalidationMarker.class, afterInvalidation);
        } else {
            assertNull(afterInvalidation);
        }
        assertEquals(afterInvalidation, rawAbsences.get("ghost"), "the overtaken load remembered no absence");
        assertNull(cache.get("ghost", loader));
        assertEquals(2, loader.loads("ghost"), "the next lookup loads again");
        assertEquals(0, statistics().negativeHits());
    }

    @Test
    void get_waitingForLoadThatFindsNothing_getsNothingWithoutLoading() throws Exception {
        start(true);
        SingleFlightWaits waits = weld.select(SingleFlightWaits.class).get();
        waits.expect(1);
        Hold inLoader = loader.holdNextCall();
        Future<String> leader = pool.submit(() -> cache.get("ghost", loader));
        inLoader.awaitReached();
        Future<String> waiter = pool.submit(() -> cache.get("ghost", loader));
        assertTrue(waits.await());

        inLoader.release();

        assertNull(leader.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertNull(waiter.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, loader.loads("ghost"), "the waiter found the remembered absence instead of loading");
    }

    @Test
    void put_overRememberedAbsence_absenceForgottenSoAnEvictedValueIsLoadedAgain() {
        start(true);
        cache.get("ghost", loader);

        cache.put("ghost", "put value");
        rawValues.remove("ghost"); // evicted, or expired before the absence would have

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        loader.valueAppears("ghost");
        assertEquals("ghost #2", cache.get("ghost", loader), "not answered 'no value' by the old absence");
    }

    @Test
    void offer_overRememberedAbsence_absenceForgotten() {
        start(true);
        cache.get("ghost", loader);

        assertTrue(cache.offer("ghost", "offered"));
        rawValues.remove("ghost");

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        loader.valueAppears("ghost");
        assertEquals("ghost #2", cache.get("ghost", loader));
    }

    @Test
    void reload_findsValueWhereAbsenceRemembered_absenceForgotten() {
        start(true);
        cache.get("ghost", loader);
        loader.valueAppears("ghost");

        assertEquals("ghost #2", cache.reload("ghost", loader));

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        assertEquals("ghost #2", cache.get("ghost", loader));
    }
}
