package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.Profiles;
import io.clerkcache.jcache.support.LocalRedisProducer;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.configuration.RedissonConfiguration;

/** get / put / remove through the annotations against Redisson on the real Redis at 127.0.0.1:6379. */
class RedisCacheTest {

    WeldContainer weld;
    Profiles profiles;
    CacheManager cacheManager;
    CacheStatistics statistics;

    @BeforeEach
    void start() {
        weld = JCacheTesting.weld(LocalRedisProducer.class, Profiles.class).initialize();
        profiles = weld.select(Profiles.class).get();
        cacheManager = weld.select(CacheManager.class).get();
        statistics = weld.select(CacheStatistics.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    private Object cached(String id) {
        return cacheManager.getCache("profiles").get(new DefaultCacheKey(new Object[] {id}));
    }

    @Test
    void result_secondCall_servedFromRedis() {
        assertEquals("profile p1", profiles.load("p1"));
        assertEquals("profile p1", profiles.load("p1"));

        assertEquals(1, profiles.loads());
        assertEquals("profile p1", cached("p1"), "the entry is in the Redis-backed cache");
        assertEquals(1, statistics.snapshot("profiles").hits());
        assertEquals(0, statistics.snapshot("profiles").backendErrors());
    }

    @Test
    void put_storesInRedis_readByCacheResultWithoutInvocation() {
        profiles.save("p2", "stored p2");

        assertEquals("stored p2", profiles.load("p2"));
        assertEquals(0, profiles.loads());
    }

    @Test
    void remove_evictsFromRedis() {
        profiles.load("p3");

        profiles.delete("p3");

        assertInstanceOf(InvalidationMarker.class, cached("p3"), "the entry is replaced by an invalidation marker");
        profiles.load("p3");
        assertEquals(2, profiles.loads());
    }

    @Test
    void removeAll_emptiesTheRedisCache() {
        profiles.load("p4");
        profiles.load("p5");

        profiles.deleteAll();

        assertNull(cached("p4"));
        assertNull(cached("p5"));
    }

    @Test
    void loadingGetAllPutAndInvalidate_onRedis_roundTrip() {
        RedissonClient client = weld.select(RedissonClient.class).get();
        Cache<String, String> raw = cacheManager.createCache("batch",
                RedissonConfiguration.fromInstance(client, new MutableConfiguration<String, String>()));
        LoadingCache<String, String> cache = weld.select(CacheLoading.class).get().of(raw);

        cache.put("a", "1");
        cache.put("b", "2");
        assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(Set.of("a", "b", "c"), keys -> Map.of()));

        cache.invalidate("a");
        assertInstanceOf(InvalidationMarker.class, raw.get("a"), "the marker went through the Redis codec");
        assertEquals("1 again", cache.get("a", k -> "1 again"), "a marker is a miss");
        assertEquals("1 again", raw.get("a"), "written over the marker (replace compares the stored marker)");
        assertEquals(0, statistics.snapshot("batch").backendErrors());
    }
}
