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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * {@link LoadingCache#invalidateAll(Set)} and {@link LoadingCache#getAllIfPresent} across two application instances
 * sharing one cache and its absence cache on the real Redis at 127.0.0.1:6379 (as in
 * {@link SharedInvalidationRedisTest}): the markers a batch invalidation leaves in Redis are all that tells instance
 * 1 its load was overtaken on instance 2. Also: on a Redis that does not answer, the batch invalidation is thrown
 * and the batch read answers nothing.
 */
class InvalidateKeysRedisTest {

    ExecutorService pool = Executors.newCachedThreadPool();
    RedisInstance redis1;
    RedisInstance redis2;
    WeldContainer weld1;
    WeldContainer weld2;
    ControlledLoader loader1 = new ControlledLoader("instance 1").withoutValue("ghost");
    ControlledLoader loader2 = new ControlledLoader("instance 2");
    LoadingCache<String, String> one;
    LoadingCache<String, String> two;
    /** The shared caches as they are in Redis, read through instance 2. */
    Cache<Object, Object> rawValues;
    Cache<Object, Object> rawAbsences;

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

    @Test
    void invalidateAll_onOneInstance_markersInRedisAndOtherInstanceLoadsAnew() {
        assertEquals(Map.of("a", "a #1 from instance 1", "b", "b #1 from instance 1", "c", "c #1 from instance 1"),
                one.getAll(Set.of("a", "b", "c"), loader1));

        two.invalidateAll(Set.of("a", "b"));

        assertInstanceOf(InvalidationMarker.class, rawValues.get("a"));
        assertInstanceOf(InvalidationMarker.class, rawValues.get("b"));
        assertEquals(loader1.value("c", 1), rawValues.get("c"), "a key not named is kept");
        assertEquals(Map.of("c", loader1.value("c", 1)), one.getAllIfPresent(Set.of("a", "b", "c")));
        assertEquals(loader1.value("a", 2), one.get("a", loader1));
    }

    @Test
    void invalidateAll_onOtherInstanceWhileLoadOfOneKeyHeld_loadRefusedByTheMarker() throws Exception {
        Hold inLoader = loader1.holdNextCall();
        Future<String> caller = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        two.invalidateAll(Set.of("other", "k"));
        Object marker = rawValues.get("k");
        inLoader.release();

        assertEquals(loader1.value("k", 1), caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InvalidationMarker.class, marker);
        assertEquals(marker, rawValues.get("k"), "Redis refused instance 1's write over the marker it had not seen");
        assertEquals(Map.of(), one.getAllIfPresent(Set.of("k")));
        assertEquals(loader2.value("k", 1), two.get("k", loader2), "instance 2 loads anew");
    }

    @Test
    void invalidateAll_onOtherInstanceWhileLoadFindingNothingHeld_absenceRefused() throws Exception {
        Hold inLoader = loader1.holdNextCall();
        Future<String> caller = pool.submit(() -> one.get("ghost", loader1));
        inLoader.awaitReached();

        two.invalidateAll(Set.of("ghost"));
        inLoader.release();

        assertNull(caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InvalidationMarker.class, rawAbsences.get("ghost"),
                "the absence cache got a marker too, which refused the overtaken load's absence");
    }

    @Test
    void invalidateAll_onOtherInstanceWhileCallerWaitsForHeldLoad_waiterLoadsAnew() throws Exception {
        SingleFlightWaits waits1 = weld1.select(SingleFlightWaits.class).get();
        waits1.expect(1);
        Hold inLoader = loader1.holdNextCall();
        Future<String> leader = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();
        Future<String> waiter = pool.submit(() -> one.get("k", loader1));
        assertTrue(waits1.await(), "the second caller waits for instance 1's held load");

        two.invalidateAll(Set.of("k"));
        inLoader.release();

        assertEquals(loader1.value("k", 1), leader.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(loader1.value("k", 2), waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter re-read Redis, found the marker and loaded anew");
    }

    @Test
    void invalidateAll_ofAbsenceRememberedByOtherInstance_otherInstanceLoadsAgain() {
        assertNull(one.get("ghost", loader1));
        assertInstanceOf(AbsentValue.class, rawAbsences.get("ghost"));

        two.invalidateAll(Set.of("ghost", "a"));

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        loader1.valueAppears("ghost");
        assertEquals(loader1.value("ghost", 2), one.get("ghost", loader1));
    }

    @Test
    void getAllIfPresent_onRedis_valuesOnlyNeverMarkersOrAbsences() {
        one.put("a", "a value");
        one.put("gone", "gone value");
        one.invalidate("gone");
        assertNull(one.get("ghost", loader1));

        assertEquals(Map.of("a", "a value"), two.getAllIfPresent(Set.of("a", "gone", "ghost", "never")));
        assertEquals(Map.of("a", "a value"), one.getAllIfPresent(Set.of("a", "gone", "ghost", "never")));
        assertFalse(rawValues.containsKey("never"));
    }

    @Test
    void batch_redisUnreachable_invalidationThrownAndReadAnswersNothing() {
        WeldContainer unreachable = JCacheTesting.weld(UnreachableRedisProducer.class).initialize();
        try {
            CacheManager manager = unreachable.select(CacheManager.class).get();
            RedissonClient client = unreachable.select(RedissonClient.class).get();
            Cache<String, String> users = manager.createCache("users",
                    RedissonConfiguration.fromInstance(client, new MutableConfiguration<String, String>()));
            LoadingCache<String, String> down = unreachable.select(CacheLoading.class).get().of(users);

            assertThrows(RuntimeException.class, () -> down.invalidateAll(Set.of("a", "b")));
            assertEquals(Map.of(), assertDoesNotThrow(() -> down.getAllIfPresent(Set.of("a", "b"))));
        } finally {
            unreachable.close();
        }
    }
}
