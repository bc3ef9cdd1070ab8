package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.ControlledLoader;
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.RedisInstance;
import io.clerkcache.jcache.support.SingleFlightWaits;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invalidation across two application instances sharing one cache on the real Redis at 127.0.0.1:6379: each
 * instance is its own Weld container with its own Redisson client, CacheManager and single flight, over the same
 * keys (a prefix unique to the test). Instance 1 knows nothing of instance 2's invalidations except through the
 * {@link InvalidationMarker} in Redis, which its writes and its waiters must respect.
 */
class SharedInvalidationRedisTest {

    ExecutorService pool = Executors.newCachedThreadPool();
    RedisInstance redis1;
    RedisInstance redis2;
    WeldContainer weld1;
    WeldContainer weld2;
    ControlledLoader loader1 = new ControlledLoader("instance 1");
    ControlledLoader loader2 = new ControlledLoader("instance 2");
    LoadingCache<String, String> one;
    LoadingCache<String, String> two;
    /** The shared cache as it is in Redis, read through instance 2. */
    Cache<Object, Object> raw;

    @BeforeEach
    void start() {
        String prefix = RedisInstance.newPrefix();
        redis1 = RedisInstance.connect(prefix);
        redis2 = RedisInstance.connect(prefix);
        weld1 = JCacheTesting.weld(SingleFlightWaits.class).containerId("instance-1").initialize();
        weld2 = JCacheTesting.weld(SingleFlightWaits.class).containerId("instance-2").initialize();
        one = weld1.select(CacheLoading.class).get().of(typed(redis1.cache("profiles")));
        raw = redis2.cache("profiles");
        two = weld2.select(CacheLoading.class).get().of(typed(raw));
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
    void put_onOneInstance_readOnTheOther() {
        one.put("k", "from one");

        assertEquals("from one", two.get("k", loader2));
        assertEquals(0, loader2.loads("k"));
    }

    @Test
    void get_invalidatedOnOtherInstanceWhileLoading_valueNotWrittenAndNextGetLoadsAnew() throws Exception {
        Hold inLoader = loader1.holdNextCall();

        Future<String> caller = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();
        two.invalidate("k");
        Object marker = raw.get("k");
        inLoader.release();

        assertEquals(loader1.value("k", 1), caller.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "its lookup began before the invalidation");
        assertInstanceOf(InvalidationMarker.class, marker);
        assertEquals(marker, raw.get("k"), "Redis refused instance 1's write over the marker it had not observed");
        assertNull(one.getIfPresent("k"));

        assertEquals(loader2.value("k", 1), two.get("k", loader2), "instance 2 loads anew");
        assertEquals(loader2.value("k", 1), one.get("k", loader1), "and instance 1 reads that value");
        assertEquals(1, loader1.loads("k"));
    }

    @Test
    void get_joinsOvertakenLoadAfterInvalidationOnOtherInstance_doesNotGetItsValue() throws Exception {
        SingleFlightWaits waits1 = weld1.select(SingleFlightWaits.class).get();
        Hold inLoader = loader1.holdNextCall();
        Future<String> overtaken = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        // the invalidation happens on instance 2: instance 1's flight for k does not know it is overtaken
        two.invalidate("k");
        waits1.expect(1);
        Future<String> waiter = pool.submit(() -> one.get("k", loader1));
        assertTrue(waits1.await(), "the late caller joined instance 1's flight");
        inLoader.release();

        assertEquals(loader1.value("k", 1), overtaken.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(loader1.value("k", 2), waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter re-read Redis, found the marker and loaded anew instead of taking the overtaken value");
        assertEquals(loader1.value("k", 2), two.getIfPresent("k"));
    }

    @Test
    void cachePutOnOtherInstanceWhileLoading_putValueStays() throws Exception {
        Hold inLoader = loader1.holdNextCall();
        Future<String> caller = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        two.put("k", "saved on two");
        inLoader.release();

        assertEquals(loader1.value("k", 1), caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("saved on two", raw.get("k"));
        assertEquals("saved on two", one.get("k", loader1));
    }

    @Test
    void get_joinsLoadThatFindsNothingAfterInvalidationOnOtherInstance_loadsAnew() throws Exception {
        SingleFlightWaits waits1 = weld1.select(SingleFlightWaits.class).get();
        loader1.withoutValue("k");
        Hold inLoader = loader1.holdNextCall();
        Future<String> overtaken = pool.submit(() -> one.get("k", loader1));
        inLoader.awaitReached();

        // k gets a value and instance 2 invalidates it; nothing is cached for k, so only the marker tells
        loader1.valueAppears("k");
        two.invalidate("k");
        waits1.expect(1);
        Future<String> waiter = pool.submit(() -> one.get("k", loader1));
        assertTrue(waits1.await(), "the late caller joined instance 1's flight");
        inLoader.release();

        assertNull(overtaken.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(loader1.value("k", 2), waiter.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the waiter found a marker the leader had not seen and loaded anew instead of taking its nothing");
    }
}
