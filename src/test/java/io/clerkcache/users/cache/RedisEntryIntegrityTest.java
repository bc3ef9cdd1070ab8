package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.cache.Cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.config.MapConfig;
import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.InvalidationMarker;
import io.clerkcache.jcache.UnreadableValue;

/**
 * Entries on the real Redis at 127.0.0.1:6379 that this application did not write (forged, written with another
 * integrity key, of an unknown format) are read as {@link UnreadableValue}, never as a user, and can be written over
 * with {@code replace}, as the load path does.
 */
class RedisEntryIntegrityTest {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String ID = "user_2zK8mQp4TnV7xWbR1cYdE3fGhJk";

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private final UserCaches caches = new UserCaches(config(prefix, key((byte) 7)), null, null);
    private final RedissonClient raw = rawClient();

    @AfterEach
    void close() {
        raw.getKeys().deleteByPattern(prefix + "*");
        raw.getKeys().deleteByPattern("*" + prefix + "*");
        caches.close();
        raw.shutdown();
    }

    @Test
    void get_unsignedUserWritten_isUnreadable() {
        raw.<String, String>getMap(prefix + "users", StringCodec.INSTANCE).put(ID,
                "{\"v\":1,\"kind\":\"user\",\"fetchedAt\":1,\"user\":" + adminDocument() + "}");

        assertInstanceOf(UnreadableValue.class, users().get(ID));
    }

    @Test
    void get_entryWrittenWithAnotherIntegrityKey_isUnreadable() {
        UserCaches otherDeployment = new UserCaches(config(prefix, key((byte) 8)), null, null);
        try {
            otherDeployment.cache(UserCaches.USERS).put(ID, new CachedUser(UserCacheFixtures.exampleUser(), AT));
        } finally {
            otherDeployment.close();
        }

        assertInstanceOf(UnreadableValue.class, users().get(ID));
    }

    @Test
    void get_tamperedSignedEntry_isUnreadable() {
        users().put(ID, new CachedUser(UserCacheFixtures.exampleUser(), AT));
        Map<String, String> hash = raw.getMap(prefix + "users", StringCodec.INSTANCE);
        hash.put(ID, hash.get(ID).replace("\"username\":\"ada.lovelace\"", "\"username\":\"mallory\""));

        assertInstanceOf(UnreadableValue.class, users().get(ID));
    }

    @Test
    void getAll_garbageAmongEntries_isUnreadableAndTheOthersAreRead() {
        CachedUser good = new CachedUser(UserCacheFixtures.exampleUser(), AT);
        users().put(ID, good);
        raw.<String, String>getMap(prefix + "users", StringCodec.INSTANCE).put("user_bbbbbbbbbbbbbbbbbbbbbbbbbbb",
                "{\"this is\": not json");

        Map<Object, Object> found = users().getAll(Set.of(ID, "user_bbbbbbbbbbbbbbbbbbbbbbbbbbb"));

        assertEquals(good, found.get(ID));
        assertInstanceOf(UnreadableValue.class, found.get("user_bbbbbbbbbbbbbbbbbbbbbbbbbbb"));
    }

    @Test
    void replace_overAnUnreadableValue_writesTheNewSignedValue() {
        raw.<String, String>getMap(prefix + "users", StringCodec.INSTANCE).put(ID, "{\"forged\":true}");
        Object unreadable = users().get(ID);
        CachedUser fresh = new CachedUser(UserCacheFixtures.exampleUser(), AT);

        assertTrue(users().replace(ID, unreadable, fresh));

        assertEquals(fresh, users().get(ID));
    }

    @Test
    void markersAndAbsences_roundTripSigned() {
        InvalidationMarker marker = InvalidationMarker.create();
        users().put(ID, marker);
        caches.cache(UserCaches.USERS_MISSING).put(ID, new AbsentValue(AT.toEpochMilli()));

        assertEquals(marker, users().get(ID));
        assertEquals(new AbsentValue(AT.toEpochMilli()), caches.cache(UserCaches.USERS_MISSING).get(ID));
        String stored = raw.<String, String>getMap(prefix + "users", StringCodec.INSTANCE).get(ID);
        assertTrue(stored.startsWith("{\"v\":1,\"kind\":\"invalidated\"") && stored.contains(",\"mac\":\""), stored);
    }

    private Cache<Object, Object> users() {
        return caches.cache(UserCaches.USERS);
    }

    private static String adminDocument() {
        ClerkUser u = UserCacheFixtures.exampleUser();
        return jakarta.json.Json.createObjectBuilder(u.document()).add("id", ID)
                .add("public_metadata", jakarta.json.Json.createObjectBuilder().add("role", "admin")).build()
                .toString();
    }

    private static byte[] key(byte fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, fill);
        return k;
    }

    private static UserCacheConfig config(String prefix, byte[] integrityKey) {
        return new UserCacheConfig(MapConfig.of(Map.of("redis.url", REDIS, "redis.timeout", "300ms",
                "redis.connect-timeout", "500ms", "clerk.cache.key-prefix", prefix, "clerk.cache.max-entries", "1000",
                "clerk.cache.integrity-key", Base64.getEncoder().encodeToString(integrityKey))));
    }

    private static RedissonClient rawClient() {
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS);
        c.setCodec(StringCodec.INSTANCE);
        return Redisson.create(c);
    }
}
