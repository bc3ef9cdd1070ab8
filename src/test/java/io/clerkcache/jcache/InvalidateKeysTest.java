package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.ControlledLoader;
import io.clerkcache.jcache.support.FailingCaches;
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.SingleFlightWaits;
import io.clerkcache.jcache.support.ValuesAndAbsences;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LoadingCache#invalidateAll(Set)} and {@link LoadingCache#getAllIfPresent} on Caffeine (Weld SE): the batch
 * invalidation drops each key's value and absence as {@link LoadingCache#invalidate} does, in one write per cache,
 * and refuses the loads of those keys in flight; the batch read answers values only, never markers, absences or a
 * failure, and never loads or waits.
 */
class InvalidateKeysTest {

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();
    ControlledLoader loader = new ControlledLoader().withoutValue("ghost");
    Cache<Object, Object> rawValues;
    Cache<Object, Object> rawAbsences;
    LoadingCache<String, String> cache;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (weld != null) {
            weld.close();
        }
    }

    private void start(boolean sharedInvalidation) {
        weld = JCacheTesting.caffeine(sharedInvalidation, SingleFlightWaits.class, Failures.class);
        ValuesAndAbsences caches = ValuesAndAbsences.create(weld);
        rawValues = caches.rawValues();
        rawAbsences = caches.rawAbsences();
        cache = caches.cache();
    }

    private List<BackendOperation> failures() {
        return weld.select(Failures.class).get().operations();
    }

    // ------------------------------------------------------------------------------------ invalidateAll

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void invalidateAll_keys_thoseDroppedOthersKeptAndNextGetLoads(boolean sharedInvalidation) {
        start(sharedInvalidation);
        cache.getAll(Set.of("a", "b", "c"), loader);

        cache.invalidateAll(Set.of("a", "b"));

        for (String key : List.of("a", "b")) {
            if (sharedInvalidation) {
                assertInstanceOf(InvalidationMarker.class, rawValues.get(key), key);
            } else {
                assertFalse(rawValues.containsKey(key), key);
            }
        }
        assertEquals("c #1", rawValues.get("c"), "a key not named is kept");
        assertEquals(Map.of("a", "a #2", "b", "b #2", "c", "c #1"), cache.getAll(Set.of("a", "b", "c"), loader));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void invalidateAll_keysWithRememberedAbsence_absenceDroppedAndNextGetLoads(boolean sharedInvalidation) {
        start(sharedInvalidation);
        assertNull(cache.get("ghost", loader));
        cache.get("a", loader);

        cache.invalidateAll(Set.of("ghost", "a"));

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        loader.valueAppears("ghost");
        assertEquals("ghost #2", cache.get("ghost", loader), "no longer a negative hit");
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void invalidateAll_whileLoadOfOneKeyHeld_loadDoesNotWriteBackAndCallerGetsItsValue(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();
        Future<String> caller = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();

        cache.invalidateAll(Set.of("other", "k"));
        Object afterInvalidation = rawValues.get("k");
        inLoader.release();

        assertEquals("k #1", caller.get(WAIT_SECONDS, TimeUnit.SECONDS), "its lookup began before the invalidation");
        assertEquals(afterInvalidation, rawValues.get("k"), "the overtaken load wrote nothing");
        assertNull(cache.getIfPresent("k"));
        assertEquals("k #2", cache.get("k", loader));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void invalidateAll_whileLoadFindingNothingHeld_absenceNotRemembered(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();
        Future<String> caller = pool.submit(() -> cache.get("ghost", loader));
        inLoader.awaitReached();

        cache.invalidateAll(Set.of("ghost"));
        inLoader.release();

        assertNull(caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue, "the overtaken load remembered nothing");
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void invalidateAll_whileCallerWaitsForHeldLoad_waiterLoadsAnew(boolean sharedInvalidation) throws Exception {
        start(sharedInvalidation);
        SingleFlightWaits waits = weld.select(SingleFlightWaits.class).get();
        waits.expect(1);
        Hold inLoader = loader.holdNextCall();
        Future<String> leader = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();
        Future<String> waiter = pool.submit(() -> cache.get("k", loader));
        assertTrue(waits.await(), "the second caller waits for the held load");

        cache.invalidateAll(Set.of("k"));
        inLoader.release();

        assertEquals("k #1", leader.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("k #2", waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter found no value and loaded; it did not take the overtaken one");
        assertEquals("k #2", rawValues.get("k"));
    }

    @Test
    void invalidateAll_emptySet_touchesNoCache() {
        start(true);
        LoadingCache<String, String> broken = weld.select(CacheLoading.class).get()
                .of(FailingCaches.<String, String>failing("broken"), FailingCaches.failing("broken-absences"));

        assertDoesNotThrow(() -> broken.invalidateAll(Set.of()));

        assertEquals(List.of(), failures());
    }

    @Test
    void invalidateAll_backendFails_thrownAfterOneWriteForAllKeys() {
        start(true);
        LoadingCache<String, String> broken = weld.select(CacheLoading.class).get()
                .of(FailingCaches.<String, String>failing("broken"), FailingCaches.failing("broken-absences"));

        assertThrows(CacheException.class, () -> broken.invalidateAll(Set.of("a", "b", "c")));

        assertEquals(List.of(BackendOperation.INVALIDATE), failures(), "one write for the three keys, then thrown");
    }

    @Test
    void invalidateAll_absenceCacheFails_thrownAfterValuesWereInvalidated() {
        start(true);
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> values = manager.createCache("good", new MutableConfiguration<String, String>());
        LoadingCache<String, String> halfBroken = weld.select(CacheLoading.class).get()
                .of(values, FailingCaches.failing("broken-absences"));
        halfBroken.put("a", "a value");

        assertThrows(CacheException.class, () -> halfBroken.invalidateAll(Set.of("a")),
                "the caller learns that the invalidation did not fully happen");
        assertInstanceOf(InvalidationMarker.class, values.get("a"));
    }

    // --------------------------------------------------------------------------------- getAllIfPresent

    @Test
    void getAllIfPresent_valuesMarkersAbsencesAndMisses_onlyValuesAnswered() {
        start(true);
        cache.put("a", "a value");
        cache.put("b", "b value");
        cache.put("gone", "gone value");
        cache.invalidate("gone");
        assertNull(cache.get("ghost", loader));

        Map<String, String> found = cache.getAllIfPresent(Set.of("a", "b", "gone", "ghost", "never"));

        assertEquals(Map.of("a", "a value", "b", "b value"), found);
        assertEquals(1, loader.loads("ghost"), "nothing was loaded");
        assertEquals(0, loader.loads("never"));
        assertFalse(rawValues.containsKey("never"), "nothing was written");
    }

    @Test
    void getAllIfPresent_emptySet_emptyMap() {
        start(true);

        assertEquals(Map.of(), cache.getAllIfPresent(Set.of()));
    }

    @Test
    void getAllIfPresent_whileLoadOfOneKeyHeld_answersWithoutWaitingOrLoading() throws Exception {
        start(true);
        cache.put("a", "a value");
        Hold inLoader = loader.holdNextCall();
        Future<String> caller = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();

        assertEquals(Map.of("a", "a value"), cache.getAllIfPresent(Set.of("a", "k")),
                "answered while k's load is still held");
        assertEquals(0, weld.select(CacheStatistics.class).get().snapshot("values").singleFlightWaits());

        inLoader.release();
        assertEquals("k #1", caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Map.of("a", "a value", "k", "k #1"), cache.getAllIfPresent(Set.of("a", "k")));
        assertEquals(1, loader.loads("k"));
    }

    @Test
    void getAllIfPresent_afterInvalidateAllOfHeldLoadsKey_neverAnswersTheOvertakenValue() throws Exception {
        start(true);
        Hold inLoader = loader.holdNextCall();
        Future<String> caller = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();

        cache.invalidateAll(Set.of("k"));
        inLoader.release();
        caller.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(Map.of(), cache.getAllIfPresent(Set.of("k")));
    }

    @Test
    void getAllIfPresent_backendFails_emptyMapWithoutThrowing() {
        start(true);
        LoadingCache<String, String> broken =
                weld.select(CacheLoading.class).get().of(FailingCaches.<String, String>failing("broken"));

        assertEquals(Map.of(), assertDoesNotThrow(() -> broken.getAllIfPresent(Set.of("a", "b"))));

        assertEquals(List.of(BackendOperation.GET_ALL), failures(), "one read for both keys, reported");
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
}
