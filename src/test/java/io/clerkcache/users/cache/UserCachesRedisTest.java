package io.clerkcache.users.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

import javax.cache.Cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.clerk.ClerkUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user caches on the real Redis at 127.0.0.1:6379, read back the way an operator would. */
class UserCachesRedisTest {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final UserCacheConfig config = UserCacheFixtures.config(REDIS, Duration.ofSeconds(300));
    private final UserCaches caches = new UserCaches(config, null);
    private final RedissonClient raw = rawClient();

    @AfterEach
    void close() {
        caches.cache(UserCaches.USERS).clear();
        caches.cache(UserCaches.USERNAMES).clear();
        caches.close();
        raw.shutdown();
    }

    @Test
    void put_user_isStoredAsReadableJsonUnderThePrefixedHash() {
        ClerkUser user = UserCacheFixtures.exampleUser();
        caches.cache(UserCaches.USERS).put(new StringKey(user.id()), CachedUser.found(user, AT));

        String stored = raw.<String, String>getMap(config.keyPrefix() + "users", StringCodec.INSTANCE).get(user.id());

        assertTrue(stored.startsWith("{\"v\":1,\"kind\":\"user\""), stored);
        assertTrue(stored.contains("\"username\":\"ada.lovelace\""), stored);
    }

    @Test
    void get_afterPutFromAnotherInstance_returnsEqualValue() {
        ClerkUser user = UserCacheFixtures.exampleUser();
        caches.cache(UserCaches.USERS).put(new StringKey(user.id()), CachedUser.found(user, AT));

        UserCaches otherInstance = new UserCaches(config, null);
        try {
            assertEquals(CachedUser.found(user, AT), otherInstance.cache(UserCaches.USERS).get(new StringKey(user.id())));
        } finally {
            otherInstance.close();
        }
    }

    @Test
    void getAll_mixOfEntries_returnsOnlyPresentKeysWithTheirValues() {
        Cache<Object, Object> users = caches.cache(UserCaches.USERS);
        ClerkUser a = UserCacheFixtures.exampleUser("user_aaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaa");
        users.put(new StringKey(a.id()), CachedUser.found(a, AT));
        users.put(new StringKey("user_bbbbbbbbbbbbbbbbbbbbbbbbbbb"), CachedUser.missing(AT));

        Map<Object, Object> found = users.getAll(Set.of(new StringKey(a.id()),
                new StringKey("user_bbbbbbbbbbbbbbbbbbbbbbbbbbb"), new StringKey("user_ccccccccccccccccccccccccccc")));

        assertEquals(Map.of(new StringKey(a.id()), CachedUser.found(a, AT),
                new StringKey("user_bbbbbbbbbbbbbbbbbbbbbbbbbbb"), CachedUser.missing(AT)), found);
    }

    @Test
    void usernameIndex_storesTheIdOnly() {
        caches.cache(UserCaches.USERNAMES).put(new StringKey("ada.lovelace"),
                UsernameEntry.of("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", AT));

        String stored = raw.<String, String>getMap(config.keyPrefix() + "usernames", StringCodec.INSTANCE)
                .get("ada.lovelace");

        assertEquals("{\"v\":1,\"kind\":\"username\",\"fetchedAt\":" + AT.toEpochMilli()
                + ",\"id\":\"user_2zK8mQp4TnV7xWbR1cYdE3fGhJk\"}", stored);
    }

    @Test
    void get_unknownKey_isNull() {
        assertNull(caches.cache(UserCaches.USERS).get(new StringKey("user_zzzzzzzzzzzzzzzzzzzzzzzzzzz")));
    }

    private static RedissonClient rawClient() {
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS);
        c.setCodec(StringCodec.INSTANCE);
        return Redisson.create(c);
    }
}
