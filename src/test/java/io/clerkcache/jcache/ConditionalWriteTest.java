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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 * {@link LoadingCache#update}, the conditional write, on Caffeine (Weld SE): the decision sees exactly what the cache
 * holds and its answer is written over exactly that, a write that came in between makes it decide again, loads in
 * flight never write over the result, a remembered absence is dropped, and a failing cache is thrown rather than
 * skipped. Values are versioned strings ({@code "2 Bob"}), as the events that use this method carry versions.
 * Races are forced into one interleaving: a write from inside the decision, or a {@link Hold} in the loader.
 */
class ConditionalWriteTest {

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();
    ControlledLoader loader = new ControlledLoader();
    /** The caches as they are: values, markers, absences, nothing. */
    Cache<Object, Object> rawValues;
    Cache<Object, Object> rawAbsences;
    LoadingCache<String, String> cache;
    /** Every state the decisions of a test were shown, in order. */
    List<CacheState<String>> seen = new CopyOnWriteArrayList<>();

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

    /** Version {@code version} of {@code name}, written only where the cache holds no value of that version or newer. */
    private Function<CacheState<String>, String> newer(int version, String name) {
        return recording(state -> state.hasValue() && version(state.value()) >= version ? null : version + " " + name);
    }

    /** {@code decide}, recording every state it is shown in {@link #seen}. */
    private Function<CacheState<String>, String> recording(Function<CacheState<String>, String> decide) {
        return state -> {
            seen.add(state);
            return decide.apply(state);
        };
    }

    private static int version(String value) {
        return Integer.parseInt(value.substring(0, value.indexOf(' ')));
    }

    /** Runs {@code write} on another thread and waits for it: a writer racing the decision it is called from. */
    private void onAnotherThread(Runnable write) {
        try {
            pool.submit(write).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the racing write failed", e);
        }
    }

    // ----------------------------------------------------------------------------------------- deciding

    @Test
    void update_newerVersionOverOlderValue_writtenAndReturned() {
        start(true);
        cache.put("k", "1 Ann");

        assertEquals("2 Bob", cache.update("k", newer(2, "Bob")));

        assertEquals("2 Bob", rawValues.get("k"));
        assertEquals(List.of(new CacheState<>("1 Ann", null, null)), seen, "the decision saw the value it replaced");
        assertEquals("2 Bob", cache.get("k", loader));
        assertEquals(0, loader.loads("k"));
    }

    @Test
    void update_olderVersionOverNewerValue_nothingWrittenAndNullReturned() {
        start(true);
        cache.put("k", "3 Cid");

        assertNull(cache.update("k", newer(2, "Bob")));

        assertEquals("3 Cid", rawValues.get("k"), "the newer value is kept");
        assertEquals(1, seen.size());
    }

    @Test
    void update_freshKey_decisionSeesNothingAndItsValueIsWritten() {
        start(true);

        assertEquals("1 Ann", cache.update("k", newer(1, "Ann")));

        assertEquals(List.of(new CacheState<String>(null, null, null)), seen);
        assertFalse(seen.get(0).hasValue());
        assertEquals("1 Ann", rawValues.get("k"));
        assertFalse(rawAbsences.get("k") instanceof AbsentValue);
        assertEquals("1 Ann", cache.get("k", loader));
        assertEquals(0, loader.loads("k"));
    }

    @Test
    void update_decisionAnswersNullOnFreshKey_nothingWritten() {
        start(true);

        assertNull(cache.update("k", recording(state -> null)));

        assertEquals(1, seen.size());
        assertFalse(rawValues.containsKey("k"));
        assertFalse(rawAbsences.containsKey("k"));
    }

    @Test
    void update_afterInvalidate_decisionSeesTheMarkerAndItsValueReplacesIt() {
        start(true);
        cache.put("k", "1 Ann");
        cache.invalidate("k");
        InvalidationMarker marker = assertInstanceOf(InvalidationMarker.class, rawValues.get("k"));

        assertEquals("2 Bob", cache.update("k", newer(2, "Bob")));

        assertEquals(List.of(new CacheState<String>(null, marker, null)), seen,
                "the marker, not a value and not an absence (the absence cache holds a marker too, not an absence)");
        assertEquals("2 Bob", rawValues.get("k"));
    }

    @Test
    void update_afterInvalidateWithoutSharedInvalidation_decisionSeesNothing() {
        start(false);
        cache.put("k", "1 Ann");
        cache.invalidate("k");

        assertEquals("2 Bob", cache.update("k", newer(2, "Bob")));

        assertEquals(List.of(new CacheState<String>(null, null, null)), seen, "the entry was removed, no marker left");
        assertEquals("2 Bob", rawValues.get("k"));
    }

    @Test
    void update_afterLoadFoundNothing_decisionSeesTheAbsence() {
        start(true);
        loader.withoutValue("k");
        assertNull(cache.get("k", loader));
        AbsentValue absence = assertInstanceOf(AbsentValue.class, rawAbsences.get("k"));

        cache.update("k", recording(state -> null));

        assertEquals(List.of(new CacheState<String>(null, null, absence)), seen);
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_overRememberedAbsence_absenceDroppedAndLookupsAnswerTheValue(boolean sharedInvalidation) {
        start(sharedInvalidation);
        loader.withoutValue("k");
        assertNull(cache.get("k", loader));

        assertEquals("1 Ann", cache.update("k", newer(1, "Ann")));

        assertFalse(rawAbsences.get("k") instanceof AbsentValue, "the absence does not outlive the value");
        assertEquals("1 Ann", rawValues.get("k"));
        assertEquals("1 Ann", cache.get("k", loader));
        assertEquals(1, loader.loads("k"), "only the load that found nothing");
        // once the value is gone, the next lookup loads: no absence answers "no value" for it
        rawValues.remove("k");
        loader.valueAppears("k");
        assertEquals("k #2", cache.get("k", loader));
    }

    @Test
    void update_decisionLeavesRememberedAbsence_absenceKept() {
        start(true);
        loader.withoutValue("k");
        assertNull(cache.get("k", loader));

        assertNull(cache.update("k", recording(state -> null)));

        assertInstanceOf(AbsentValue.class, rawAbsences.get("k"));
        assertNull(cache.get("k", loader));
        assertEquals(1, loader.loads("k"), "still a negative hit");
    }

    // ----------------------------------------------------------------------------- a write in between

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_olderValueWrittenBetweenReadAndWrite_decidesAgainAndWritesOverIt(boolean sharedInvalidation) {
        start(sharedInvalidation);
        cache.put("k", "1 Ann");
        AtomicInteger calls = new AtomicInteger();
        Function<CacheState<String>, String> decide = newer(5, "Eve");

        String written = cache.update("k", state -> {
            if (calls.incrementAndGet() == 1) {
                onAnotherThread(() -> cache.put("k", "3 Cid"));
            }
            return decide.apply(state);
        });

        assertEquals("5 Eve", written);
        assertEquals(List.of(new CacheState<>("1 Ann", null, null), new CacheState<>("3 Cid", null, null)), seen,
                "asked again, with the value written in between");
        assertEquals("5 Eve", rawValues.get("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_newerValueWrittenBetweenReadAndWrite_decidesAgainAndLeavesIt(boolean sharedInvalidation) {
        start(sharedInvalidation);
        cache.put("k", "1 Ann");
        AtomicInteger calls = new AtomicInteger();
        Function<CacheState<String>, String> decide = newer(5, "Eve");

        String written = cache.update("k", state -> {
            if (calls.incrementAndGet() == 1) {
                onAnotherThread(() -> cache.put("k", "9 Zed"));
            }
            return decide.apply(state);
        });

        assertNull(written, "the second decision saw a newer version and wrote nothing");
        assertEquals(2, seen.size());
        assertEquals("9 Zed", rawValues.get("k"), "the newer value written in between was not overwritten");
    }

    @Test
    void update_freshKeyWrittenBetweenReadAndWrite_decidesAgainOverThatValue() {
        start(true);
        AtomicInteger calls = new AtomicInteger();
        Function<CacheState<String>, String> decide = newer(5, "Eve");

        String written = cache.update("k", state -> {
            if (calls.incrementAndGet() == 1) {
                onAnotherThread(() -> cache.put("k", "9 Zed"));
            }
            return decide.apply(state);
        });

        assertNull(written);
        assertEquals(List.of(new CacheState<String>(null, null, null), new CacheState<>("9 Zed", null, null)), seen);
        assertEquals("9 Zed", rawValues.get("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_keyInvalidatedBetweenReadAndWrite_decidesAgainOverWhatTheInvalidationLeft(
            boolean sharedInvalidation) {
        start(sharedInvalidation);
        cache.put("k", "1 Ann");
        AtomicInteger calls = new AtomicInteger();
        Function<CacheState<String>, String> decide = newer(2, "Bob");

        String written = cache.update("k", state -> {
            if (calls.incrementAndGet() == 1) {
                onAnotherThread(() -> cache.invalidate("k"));
            }
            return decide.apply(state);
        });

        assertEquals("2 Bob", written);
        assertEquals(2, seen.size());
        assertTrue(seen.get(0).hasValue());
        assertFalse(seen.get(1).hasValue(), "the second decision saw the invalidation, not the value");
        assertEquals(sharedInvalidation, seen.get(1).marker() != null);
        assertEquals("2 Bob", rawValues.get("k"));
    }

    @Test
    void update_losesEveryRace_givesUpAfter32AttemptsWithCacheExceptionAndWritesNothing() {
        start(true);
        AtomicInteger calls = new AtomicInteger();

        CacheException failure = assertThrows(CacheException.class, () -> cache.update("k", state -> {
            int n = calls.incrementAndGet();
            if (n > 100) {
                throw new AssertionError("update never gave up");
            }
            cache.put("k", "0 other #" + n); // another write wins every time
            return "1 Ann";
        }));

        assertEquals(32, calls.get());
        assertTrue(failure.getMessage().contains("values"), "names the cache: " + failure.getMessage());
        assertEquals("0 other #32", rawValues.get("k"), "nothing of the update was written");
    }

    // ---------------------------------------------------------------------------------- loads in flight

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_whileLoadHeldInFlight_updateValueStaysAndHeldCallerGetsItsOwn(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        Hold inLoader = loader.holdNextCall();
        Future<String> caller = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();

        assertEquals("7 Gus", cache.update("k", newer(7, "Gus")));
        inLoader.release();

        assertEquals("k #1", caller.get(WAIT_SECONDS, TimeUnit.SECONDS), "its lookup began before the update");
        assertEquals("7 Gus", rawValues.get("k"), "the load that observed nothing did not write over the update");
        assertEquals("7 Gus", cache.get("k", loader));
        assertEquals(1, loader.loads("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_whileCallerWaitsForHeldLoad_waiterAnswersTheUpdateValue(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        SingleFlightWaits waits = weld.select(SingleFlightWaits.class).get();
        waits.expect(1);
        Hold inLoader = loader.holdNextCall();
        Future<String> leader = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();
        Future<String> waiter = pool.submit(() -> cache.get("k", loader));
        assertTrue(waits.await(), "the second caller waits for the held load");

        cache.update("k", newer(7, "Gus"));
        inLoader.release();

        assertEquals("k #1", leader.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("7 Gus", waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter re-read the cache instead of taking the load's older value");
        assertEquals("7 Gus", rawValues.get("k"));
        assertEquals(1, loader.loads("k"));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_whileLoadFindingNothingHeldInFlight_noAbsenceRememberedBesideTheValue(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        loader.withoutValue("k");
        Hold inLoader = loader.holdNextCall();
        Future<String> caller = pool.submit(() -> cache.get("k", loader));
        inLoader.awaitReached();

        cache.update("k", newer(1, "Ann"));
        inLoader.release();

        assertNull(caller.get(WAIT_SECONDS, TimeUnit.SECONDS), "the held caller gets what its own load found");
        assertFalse(rawAbsences.get("k") instanceof AbsentValue,
                "the load overtaken by the update did not remember its absence");
        assertEquals("1 Ann", cache.get("k", loader));
        rawValues.remove("k"); // evicted, say: no stale absence may answer for it now
        loader.valueAppears("k");
        assertEquals("k #2", cache.get("k", loader));
    }

    @ParameterizedTest(name = "sharedInvalidation={0}")
    @ValueSource(booleans = {true, false})
    void update_whileReloadHeldAndValueChangedBackToWhatItObserved_reloadDoesNotWrite(boolean sharedInvalidation)
            throws Exception {
        start(sharedInvalidation);
        cache.put("k", "1 Ann");
        Hold inLoader = loader.holdNextCall();
        Future<String> reload = pool.submit(() -> cache.reload("k", loader));
        inLoader.awaitReached();

        // A to B and back to A: equal to what the reload observed, so only the guard in this JVM can refuse it
        cache.update("k", state -> "2 Bob");
        cache.update("k", state -> "1 Ann");
        inLoader.release();

        assertEquals("k #1", reload.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("1 Ann", rawValues.get("k"), "the reload that started before both updates wrote nothing");
    }

    // --------------------------------------------------------------------------------- failing caches

    @Test
    void update_valueCacheFails_thrownWithoutDecidingWhileLookupsDoNotThrow() {
        start(true);
        LoadingCache<String, String> broken =
                weld.select(CacheLoading.class).get().of(FailingCaches.<String, String>failing("broken"));

        assertThrows(CacheException.class, () -> broken.update("k", newer(1, "Ann")));

        assertTrue(seen.isEmpty(), "nothing was read, so nothing was decided");
        assertEquals(List.of(BackendOperation.GET), failures());
        assertEquals("k #1", assertDoesNotThrow(() -> broken.get("k", loader)), "a failed read is a miss");
        assertNull(assertDoesNotThrow(() -> broken.getIfPresent("k")));
        assertDoesNotThrow(() -> broken.put("k", "1 Ann"));
    }

    @Test
    void update_absenceCacheFails_thrownAndNothingWritten() {
        start(true);
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> values = manager.createCache("good", new MutableConfiguration<String, String>());
        LoadingCache<String, String> halfBroken = weld.select(CacheLoading.class).get()
                .of(values, FailingCaches.failing("broken-absences"));

        assertThrows(CacheException.class, () -> halfBroken.update("k", newer(1, "Ann")));

        assertTrue(seen.isEmpty(), "the state could not be read whole, so nothing was decided");
        assertNull(values.get("k"));
        assertEquals("k #1", halfBroken.get("k", loader), "a lookup still answers");
    }

    @Test
    void update_valueCannotBeWritten_thrownWhilePutSkipsIt() {
        start(true);
        CacheManager manager = weld.select(CacheManager.class).get();
        // store-by-value (the JCache default) serializes on every write: this value fails there
        Cache<String, Object> byValue = manager.createCache("by-value", new MutableConfiguration<String, Object>());
        LoadingCache<String, Object> objects = weld.select(CacheLoading.class).get().of(byValue);
        Object unserializable = new Object();

        assertThrows(RuntimeException.class, () -> objects.update("k", state -> unserializable));
        assertEquals(List.of(BackendOperation.PUT_IF_ABSENT), failures());
        assertNull(byValue.get("k"));

        assertDoesNotThrow(() -> objects.put("k", unserializable), "put skips a failed write");
        assertEquals(List.of(BackendOperation.PUT_IF_ABSENT, BackendOperation.PUT), failures());
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
