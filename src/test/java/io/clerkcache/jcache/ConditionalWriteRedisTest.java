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
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.RedisInstance;
import io.clerkcache.jcache.support.SingleFlightWaits;
import io.clerkcache.jcache.support.UnreachableRedisProducer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * {@link LoadingCache#update} across two application instances sharing one cache and its absence cache on the real
 * Redis at 127.0.0.1:6379 (each its own Weld container, Redisson client and single flight, over the keys of a prefix
 * unique to the test). Instance 1 learns of instance 2's conditional writes only through Redis: its loads must find
 * their writes refused, and its own conditional writes must decide again when instance 2 wrote in between. Also: a
 * conditional write on a Redis that does not answer is thrown, while a lookup still answers.
 */
class ConditionalWriteRedisTest {

    ExecutorService pool = Executors.newCachedThreadPool();
    RedisInstance redis1;
    RedisInstance redis2;
    WeldContainer weld1;
    WeldContainer weld2;
    ControlledLoader loader1 = new ControlledLoader("instance 1");
    ControlledLoader loader2 = new ControlledLoader("instance 2");
    LoadingCache<String, String> one;
    LoadingCache<String, String> two;
    /** The shared caches as they are in Redis, read through instance 2. */
    Cache<Object, Object> rawValues;
    Cache<Object, Object> rawAbsences;
    /** Every state the decisions of a test were shown, in order. */
    List<CacheState<String>> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        String prefix = RedisInstance.newPrefix();
        redis1 = RedisInstance.connect(prefix);
        redis2 = RedisInstance.connect(prefix);
        weld1 = JCacheTesting.weld(SingleFlightWaits.class).containerId("instance-1").initialize();
        weld2 = JCacheTesting.weld(SingleFlightWaits.class).containerId("instance-2").initialize();
        one = weld1.select(CacheLoading.class).get().of(typed(redis1.cache("users")), redis1.cache("absences"));
        rawValues = redis2.cache("users");
        rawAbsences = redis2.cache("absences");
        two = weld2.select(CacheLoading.class).get().of(typed(rawValues), rawAbsences);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        weld1.close();
        weld2.close();
        redis1.close();
        redis2.close();
    }

    @SuppressWarnings("unchecked")
    private static Cache<String, String> typed(Cache<Object, Object> cache) {
        return (Cache<String, String>) (Cache<?, ?>) cache;
    }

    /** Version {@code version} of {@code name}, written only where the cache holds no value of that version or newer. */
    private Function<CacheState<String>, String> newer(int version, String name) {
        return state -> {
            seen.add(state);
            return state.hasValue() && version(state.value()) >= version ? null : version + " " + name;
        };
    }

    private static int version(String value) {
        return Integer.parseInt(value.substring(0, value.indexOf(' ')));
    }

    @Test
    void update_onOneInstance_otherInstanceReadsItWithoutLoading() {
        one.put("k", "1 Ann");

        assertEquals("2 Bob", two.update("k", newer(2, "Bob")));
        assertNull(one.update("k", newer(1, "Old")), "instance 1 sees instance 2's newer version");

        assertEquals(List.of(new CacheState<>("1 Ann", null, null), new CacheState<>("2 Bob", null, null)), seen);
        assertEquals("2 Bob", one.get("k", loader1));
        assertEquals(0, loader1.loads("k"));
    }

    @Test
    void update_whileLoadThatObservedNothingIsHeldOnOtherInstance_loadRefusedAndUpdateValueStays()
            throws Exception {
        Hold inLoader = loader1.holdNextCall();
        Future<String> caller = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        assertEquals("7 Gus", two.update("k", newer(7, "Gus")));
        inLoader.release();

        assertEquals(loader1.value("k", 1), caller.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "its lookup began before the update");
        assertEquals("7 Gus", rawValues.get("k"), "Redis refused instance 1's write over the nothing it observed");
        assertEquals("7 Gus", one.get("k", loader1));
        assertEquals(1, loader1.loads("k"));
    }

    @Test
    void update_whileLoadThatObservedMarkerIsHeldOnOtherInstance_loadRefused() throws Exception {
        one.put("k", "1 Ann");
        one.invalidate("k");
        Hold inLoader = loader1.holdNextCall();
        Future<String> caller = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        assertEquals("2 Bob", two.update("k", newer(2, "Bob")));
        inLoader.release();

        assertInstanceOf(InvalidationMarker.class, seen.get(0).marker(), "instance 2 decided over the marker");
        assertEquals(loader1.value("k", 1), caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("2 Bob", rawValues.get("k"), "the load's replace of the marker it observed was refused");
        assertEquals("2 Bob", one.get("k", loader1));
    }

    @Test
    void update_whileLoadFindingNothingIsHeldOnOtherInstance_noAbsenceRememberedBesideTheValue()
            throws Exception {
        loader1.withoutValue("k");
        Hold inLoader = loader1.holdNextCall();
        Future<String> caller = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        assertEquals("1 Ann", two.update("k", newer(1, "Ann")));
        inLoader.release();

        assertNull(caller.get(WAIT_SECONDS, TimeUnit.SECONDS), "the held caller gets what its own load found");
        assertFalse(rawAbsences.get("k") instanceof AbsentValue,
                "the load that began before the update did not remember its \"no value\" in Redis");
        assertEquals("1 Ann", one.get("k", loader1));
        rawValues.remove("k"); // evicted, say: no stale absence may answer for it now
        loader1.valueAppears("k");
        assertEquals(loader1.value("k", 2), one.get("k", loader1));
    }

    @Test
    void update_callerOnOtherInstanceJoinedHeldLoad_waiterAnswersTheUpdateValue() throws Exception {
        SingleFlightWaits waits1 = weld1.select(SingleFlightWaits.class).get();
        waits1.expect(1);
        Hold inLoader = loader1.holdNextCall();
        Future<String> leader = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();
        Future<String> waiter = pool.submit(() -> one.get("k", loader1));
        assertTrue(waits1.await(), "the second caller waits for instance 1's held load");

        two.update("k", newer(7, "Gus"));
        inLoader.release();

        assertEquals(loader1.value("k", 1), leader.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("7 Gus", waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter re-read Redis instead of taking the load's older value");
    }

    @Test
    void update_otherInstanceWritesNewerBetweenReadAndWrite_decidesAgainAndLeavesIt() {
        one.put("k", "1 Ann");
        AtomicInteger calls = new AtomicInteger();
        Function<CacheState<String>, String> decide = newer(5, "Eve");

        String written = one.update("k", state -> {
            if (calls.incrementAndGet() == 1) {
                // another instance applies a newer event between instance 1's read and its write
                assertEquals("9 Zed", two.update("k", s -> "9 Zed"));
            }
            return decide.apply(state);
        });

        assertNull(written);
        assertEquals(List.of(new CacheState<>("1 Ann", null, null), new CacheState<>("9 Zed", null, null)), seen);
        assertEquals("9 Zed", rawValues.get("k"), "Redis refused the write over the value instance 1 had decided on");
    }

    @Test
    void update_otherInstanceWritesOlderBetweenReadAndWrite_decidesAgainAndWritesOverIt() {
        AtomicInteger calls = new AtomicInteger();
        Function<CacheState<String>, String> decide = newer(5, "Eve");

        String written = one.update("k", state -> {
            if (calls.incrementAndGet() == 1) {
                two.put("k", "3 Cid");
            }
            return decide.apply(state);
        });

        assertEquals("5 Eve", written);
        assertEquals(List.of(new CacheState<String>(null, null, null), new CacheState<>("3 Cid", null, null)), seen);
        assertEquals("5 Eve", rawValues.get("k"));
    }

    @Test
    void update_overAbsenceRememberedByOtherInstance_absenceDroppedAndOtherInstanceReadsTheValue() {
        loader1.withoutValue("k");
        assertNull(one.get("k", loader1));
        AbsentValue absence = assertInstanceOf(AbsentValue.class, rawAbsences.get("k"));

        assertEquals("1 Ann", two.update("k", newer(1, "Ann")));

        assertEquals(List.of(new CacheState<String>(null, null, absence)), seen);
        assertFalse(rawAbsences.get("k") instanceof AbsentValue, "the absence does not outlive the value");
        assertEquals("1 Ann", one.get("k", loader1));
        assertEquals(1, loader1.loads("k"));
    }

    @Test
    void update_redisUnreachable_thrownWhileLookupAnswers() {
        WeldContainer unreachable = JCacheTesting.weld(UnreachableRedisProducer.class).initialize();
        try {
            CacheManager manager = unreachable.select(CacheManager.class).get();
            RedissonClient client = unreachable.select(RedissonClient.class).get();
            Cache<String, String> users = manager.createCache("users",
                    RedissonConfiguration.fromInstance(client, new MutableConfiguration<String, String>()));
            LoadingCache<String, String> down = unreachable.select(CacheLoading.class).get().of(users);

            assertThrows(RuntimeException.class, () -> down.update("k", newer(1, "Ann")),
                    "the caller learns that nothing was applied");

            assertTrue(seen.isEmpty(), "nothing was read, so nothing was decided");
            assertEquals(loader1.value("k", 1), assertDoesNotThrow(() -> down.get("k", loader1)),
                    "a lookup is a miss and answers from the loader");
            assertTrue(unreachable.select(CacheStatistics.class).get().snapshot("users").backendErrors() >= 1);
        } finally {
            unreachable.close();
        }
    }
}
