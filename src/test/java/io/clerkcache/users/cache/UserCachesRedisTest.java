package io.clerkcache.users.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

import javax.cache.Cache;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.CacheLoading;
import io.clerkcache.jcache.InvalidationMarker;
import io.clerkcache.jcache.internal.JCacheExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user caches on the real Redis at 127.0.0.1:6379, written through the library's load path and read back the way
 * an operator would ({@code redis-cli HGETALL}): plain string keys, JSON values of the kinds {@code user},
 * {@code username}, {@code missing} and {@code invalidated}.
 */
class UserCachesRedisTest {

    /** The integrity tag every entry ends with (see {@link EntrySigner}). */
    private static final String MAC = ",\"mac\":\"[A-Za-z0-9_-]{43}\"";

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String UNKNOWN_ID = "user_zzzzzzzzzzzzzzzzzzzzzzzzzzz";

    /** Only the library's own beans: the {@link CacheLoading} the caches are read and written through. */
    private final WeldContainer library = new Weld().disableDiscovery().addExtension(new JCacheExtension())
            .initialize();
    private final UserCacheConfig config = UserCacheFixtures.config(REDIS, Duration.ofSeconds(300));
    private final UserCaches caches = new UserCaches(config, null, library.select(CacheLoading.class).get());
    private final RedissonClient raw = rawClient();

    @AfterEach
    void close() {
        caches.close();
        library.close();
        raw.getKeys().deleteByPattern(config.keyPrefix() + "*");
        raw.shutdown();
    }

    @Test
    void load_user_isStoredAsReadableJsonUnderItsPlainIdInThePrefixedHash() {
        ClerkUser user = UserCacheFixtures.exampleUser();

        caches.users().get(user.id(), id -> new CachedUser(user, AT));

        Map<String, String> hash = rawHash(UserCaches.USERS);
        assertEquals(Set.of(user.id()), hash.keySet());
        String stored = hash.get(user.id());
        assertTrue(stored.startsWith("{\"v\":1,\"kind\":\"user\",\"fetchedAt\":" + AT.toEpochMilli() + ",\"user\":{"),
                stored);
        assertTrue(stored.contains("\"username\":\"ada.lovelace\""), stored);
    }

    @Test
    void get_afterLoadOnAnotherInstance_returnsEqualValue() {
        ClerkUser user = UserCacheFixtures.exampleUser();
        caches.users().get(user.id(), id -> new CachedUser(user, AT));

        UserCaches otherInstance = new UserCaches(config, null, library.select(CacheLoading.class).get());
        try {
            assertEquals(new CachedUser(user, AT), otherInstance.users().getIfPresent(user.id()));
        } finally {
            otherInstance.close();
        }
    }

    @Test
    void load_usernameIndex_storesTheIdOnly() {
        caches.usernames().get("ada.lovelace", name -> new UsernameEntry("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", AT));

        Map<String, String> hash = rawHash(UserCaches.USERNAMES);
        assertEquals(Set.of("ada.lovelace"), hash.keySet());
        assertTrue(hash.get("ada.lovelace").matches("\\{\"v\":1,\"kind\":\"username\",\"fetchedAt\":" + AT.toEpochMilli()
                + ",\"id\":\"user_2zK8mQp4TnV7xWbR1cYdE3fGhJk\"" + MAC + "}"), hash::toString);
    }

    @Test
    void load_unknownId_rememberedAsKindMissingInTheAbsenceHashOnly() {
        assertNull(caches.users().get(UNKNOWN_ID, id -> null));

        String stored = rawHash(UserCaches.USERS_MISSING).get(UNKNOWN_ID);
        assertTrue(stored != null && stored.matches("\\{\"v\":1,\"kind\":\"missing\",\"fetchedAt\":\\d+" + MAC + "}"),
                String.valueOf(stored));
        assertTrue(rawHash(UserCaches.USERS).isEmpty(), () -> rawHash(UserCaches.USERS).toString());
    }

    @Test
    void invalidate_cachedUser_leavesAnInvalidatedMarkerInItsPlace() {
        ClerkUser user = UserCacheFixtures.exampleUser();
        caches.users().get(user.id(), id -> new CachedUser(user, AT));

        caches.users().invalidate(user.id());

        String stored = rawHash(UserCaches.USERS).get(user.id());
        assertTrue(stored.matches("\\{\"v\":1,\"kind\":\"invalidated\",\"at\":\\d+,\"token\":\"[0-9a-f]+\""
                + MAC + "}"), stored);
        assertNull(caches.users().getIfPresent(user.id()), "a marker reads as a miss");
    }

    @Test
    void getAll_userAndMarker_decodedUnderTheirPlainKeys() {
        Cache<Object, Object> users = caches.cache(UserCaches.USERS);
        ClerkUser a = UserCacheFixtures.exampleUser("user_aaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaa");
        InvalidationMarker marker = InvalidationMarker.create();
        users.put(a.id(), new CachedUser(a, AT));
        users.put("user_bbbbbbbbbbbbbbbbbbbbbbbbbbb", marker);

        Map<Object, Object> found = users.getAll(Set.of(a.id(), "user_bbbbbbbbbbbbbbbbbbbbbbbbbbb", UNKNOWN_ID));

        assertEquals(Map.of(a.id(), new CachedUser(a, AT), "user_bbbbbbbbbbbbbbbbbbbbbbbbbbb", marker), found);
        assertInstanceOf(String.class, found.keySet().iterator().next());
    }

    @Test
    void get_unknownKey_isNull() {
        assertNull(caches.users().getIfPresent(UNKNOWN_ID));
        assertNull(caches.cache(UserCaches.USERS).get(UNKNOWN_ID));
    }

    private Map<String, String> rawHash(String logicalName) {
        return raw.<String, String>getMap(caches.physicalName(logicalName), StringCodec.INSTANCE).readAllMap();
    }

    private static RedissonClient rawClient() {
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2);
        c.setCodec(StringCodec.INSTANCE);
        c.setNettyThreads(2).setThreads(1);
        return Redisson.create(c);
    }
}
