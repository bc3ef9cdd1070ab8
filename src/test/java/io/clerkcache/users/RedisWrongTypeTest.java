package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.users.cache.UserCaches;

/**
 * Keys of the caches replaced in Redis by a value of another type (what a stray {@code SET} or a colliding
 * application leaves: Redis answers {@code WRONGTYPE}): lookups are misses answered from Clerk, never errors. On the
 * real Redis at 127.0.0.1:6379.
 */
class RedisWrongTypeTest {

    private static final String REDIS = "redis://127.0.0.1:6379";

    private final String prefix = "wrongtype-test:" + UUID.randomUUID() + ":";
    private DirectoryFixture fixture;
    private RedissonClient raw;

    @BeforeEach
    void start() {
        fixture = DirectoryFixture.start(20, Map.of("redis.url", REDIS, "clerk.cache.key-prefix", prefix));
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS);
        c.setCodec(StringCodec.INSTANCE);
        raw = Redisson.create(c);
    }

    @AfterEach
    void stop() {
        try {
            raw.getKeys().deleteByPattern(prefix + "*");
            raw.getKeys().deleteByPattern("*{" + prefix + "*");
            raw.shutdown();
        } finally {
            fixture.close();
        }
    }

    @Test
    void lookups_everyCacheKeyAStringInstead_answeredFromClerk() {
        List<String> ids = fixture.simulator().userIds().subList(0, 3);
        ClerkUser named = fixture.directory().byId(fixture.simulator().userIds().get(5)).orElseThrow();
        fixture.directory().byIds(ids); // creates the caches' keys in Redis
        fixture.directory().byUsername("nobody_has_this_name");
        List<String> keys = keysOf(prefix);
        assertTrue(keys.size() >= 2, keys::toString);
        for (String key : keys) {
            raw.getKeys().delete(key);
            raw.getBucket(key).set("not a hash");
        }
        long before = fixture.simulator().totalCalls();

        assertEquals(ids.get(0), fixture.directory().byId(ids.get(0)).orElseThrow().id());
        assertEquals(ids, fixture.directory().byIds(ids).users().stream().map(ClerkUser::id).toList());
        assertEquals(named.id(), fixture.directory().byUsername(named.username()).orElseThrow().id());
        assertTrue(fixture.directory().byId("user_00000000000000000000000wt").isEmpty());

        assertTrue(fixture.simulator().totalCalls() > before, "answered from Clerk");
        assertTrue(backendErrors() > 0, "Redis refused the commands (WRONGTYPE)");
    }

    @Test
    void lookups_expiryIndexOfTheUserCacheAStringInstead_answeredFromClerk() {
        String id = fixture.simulator().userIds().get(0);
        fixture.directory().byId(id);
        String users = fixture.bean(UserCaches.class).physicalName(UserCaches.USERS);
        List<String> helpers = keysOf("*{" + users + "}*");
        assertTrue(!helpers.isEmpty(), "Redisson keeps its expiry index next to the hash");
        for (String key : helpers) {
            raw.getKeys().delete(key);
            raw.getBucket(key).set("not a sorted set");
        }

        assertEquals(id, fixture.directory().byId(id).orElseThrow().id());
        assertEquals(id, fixture.directory().byId(fixture.simulator().userIds().get(0)).orElseThrow().id());
        assertEquals(2, fixture.directory().byIds(fixture.simulator().userIds().subList(1, 3)).users().size());
        assertTrue(backendErrors() > 0, "Redis refused the commands (WRONGTYPE)");
    }

    private long backendErrors() {
        return fixture.bean(CacheStatistics.class).snapshot(fixture.bean(UserCaches.class)
                .physicalName(UserCaches.USERS)).backendErrors();
    }

    private List<String> keysOf(String pattern) {
        List<String> keys = new java.util.ArrayList<>();
        raw.getKeys().getKeysByPattern(pattern.endsWith("*") ? pattern : pattern + "*").forEach(keys::add);
        return keys;
    }
}
