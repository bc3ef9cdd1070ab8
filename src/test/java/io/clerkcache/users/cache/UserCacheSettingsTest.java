package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.redisson.config.BaseConfig;

import io.clerkcache.config.MapConfig;

/** The user caches' settings: key prefix, memory bound, Redis endpoint, and how they reach the Redis client. */
class UserCacheSettingsTest {

    private static final String PASSWORD = "p4ss-w0rd-do-not-log";
    private static final String INTEGRITY_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void keyPrefix_withBraces_refusedAtStartNamingTheKey() {
        for (String prefix : List.of("{tenant}:", "app{", "app}:", "a b:")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), prefix, "25%"));
            assertTrue(e.getMessage().contains("clerk.cache.key-prefix"), e.getMessage());
        }
        assertEquals("tenant-a:clerk:", config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                "tenant-a:clerk:", "25%").keyPrefix());
    }

    @Test
    void maxWeight_shareOfTheHeapOrASize() {
        long heap = Runtime.getRuntime().maxMemory();

        assertEquals((long) (heap * 0.25), weight("25%"));
        assertEquals((long) (heap * 0.125), weight("12.5%"));
        assertEquals(64L << 20, weight("64m"));
        assertEquals(64L << 20, weight("64MiB"));
        assertEquals(2L << 30, weight("2g"));
        assertEquals(1536L << 10, weight("1536k"));
        assertEquals(5_000_000L, weight("5000000"));
    }

    @Test
    void maxWeight_malformedZeroOrTiny_refusedNamingTheKey() {
        for (String bad : List.of("0%", "100%", "lots", "-5m", "1k", "0", "64 megabytes", "9999999999999999g")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weight(bad), bad);
            assertTrue(e.getMessage().contains("clerk.cache.max-weight"), e.getMessage());
        }
    }

    @Test
    void maxWeight_splitAmongTheFiveCachesUsersTakingMostNeverMoreThanTheWhole() {
        UserCaches caches = new UserCaches(config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                "p:", "100m"), null, null);

        assertEquals(75L << 20, caches.maxWeightBytes(UserCaches.USERS), 1 << 10);
        assertEquals(10L << 20, caches.maxWeightBytes(UserCaches.USERNAMES), 1 << 10);
        assertEquals(5L << 20, caches.maxWeightBytes(UserCaches.USERS_MISSING), 1 << 10);
        assertEquals(5L << 20, caches.maxWeightBytes(UserCaches.USERNAMES_MISSING), 1 << 10);
        assertEquals(5L << 20, caches.maxWeightBytes(UserCaches.USERS_DELETED), 1 << 10);
        long total = 0;
        for (String c : new String[] {UserCaches.USERS, UserCaches.USERNAMES, UserCaches.USERS_MISSING,
                UserCaches.USERNAMES_MISSING, UserCaches.USERS_DELETED}) {
            total += caches.maxWeightBytes(c);
        }
        assertTrue(total <= 100L << 20, "the caches together stay within clerk.cache.max-weight: " + total);
    }

    @Test
    void redisUrl_credentialsAndDatabaseTakenOutOfTheAddress() {
        RedisEndpoint e = config(Optional.of("rediss://cache:" + PASSWORD + "@redis.example.com:6380/7"),
                Optional.empty(), Optional.empty(), Optional.empty(), "p:", "25%").redis();

        assertEquals(Optional.of("rediss://redis.example.com:6380"), e.address());
        assertEquals(Optional.of("cache"), e.username());
        assertEquals(Optional.of(PASSWORD), e.password());
        assertEquals(OptionalInt.of(7), e.database());
        assertTrue(e.tls());
        assertFalse(e.toString().contains(PASSWORD), e.toString());
        assertFalse(e.toString().contains("cache"), e.toString());
    }

    @Test
    void redisKeys_winOverTheUrl() {
        RedisEndpoint e = config(Optional.of("redis://old:old-pw@127.0.0.1/1"), Optional.of("cache"),
                Optional.of(PASSWORD), Optional.of("2"), "p:", "25%").redis();

        assertEquals(Optional.of("redis://127.0.0.1:6379"), e.address());
        assertEquals(Optional.of("cache"), e.username());
        assertEquals(Optional.of(PASSWORD), e.password());
        assertEquals(OptionalInt.of(2), e.database());
    }

    @Test
    void redisUrl_malformed_refusedWithoutShowingIt() {
        for (String url : List.of("http://u:" + PASSWORD + "@h", "redis://u:" + PASSWORD + "@h/db",
                "redis://u:" + PASSWORD + "@h/1?x=y", "redis:// u:" + PASSWORD)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(Optional.of(url),
                    Optional.empty(), Optional.empty(), Optional.empty(), "p:", "25%"), url);
            assertTrue(e.getMessage().contains("redis.url"), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(Optional.of("redis://h"), Optional.empty(),
                Optional.empty(), Optional.of("-1"), "p:", "25%")).getMessage().contains("redis.database"));
    }

    @Test
    void redisClient_url_addressWithoutCredentialsAndEverySettingApplied() {
        UserCacheConfig config = config(Optional.of("redis://cache:" + PASSWORD + "@127.0.0.1:6390/3"),
                Optional.empty(), Optional.empty(), Optional.empty(), "p:", "25%");

        RedisClientConfig client = (RedisClientConfig) new UserCaches(config, null, null).redissonConfig();

        BaseConfig<?> server = client.servers().get(0);
        assertEquals(300, server.getTimeout());
        assertEquals(400, server.getConnectTimeout());
        assertEquals(0, server.getRetryAttempts());
        assertEquals("cache", client.getUsername());
        assertEquals(PASSWORD, client.getPassword());
        assertEquals(3, client.database());
    }

    @Test
    void redisClient_configFileOfAnyTopology_shortTimeoutsCredentialsAndDatabaseAppliedToo() throws Exception {
        for (String yaml : List.of(
                "singleServerConfig:\n  address: \"redis://127.0.0.1:6390\"\n  timeout: 3000\n  retryAttempts: 4\n",
                "sentinelServersConfig:\n  masterName: \"mymaster\"\n  sentinelAddresses:\n"
                        + "  - \"redis://127.0.0.1:26379\"\n",
                "clusterServersConfig:\n  nodeAddresses:\n  - \"redis://127.0.0.1:7000\"\n")) {
            Path file = Files.createTempFile("redisson", ".yaml");
            try {
                Files.writeString(file, yaml);
                UserCacheConfig config = config(Optional.empty(), Optional.of("cache"), Optional.of(PASSWORD),
                        Optional.of("0"), "p:", "25%", Optional.of(file.toString()));

                RedisClientConfig client = (RedisClientConfig) new UserCaches(config, null, null).redissonConfig();

                assertEquals(1, client.servers().size(), yaml);
                BaseConfig<?> server = client.servers().get(0);
                assertEquals(300, server.getTimeout(), yaml);
                assertEquals(400, server.getConnectTimeout(), yaml);
                assertEquals(0, server.getRetryAttempts(), yaml);
                assertEquals(PASSWORD, client.getPassword(), yaml);
                assertEquals("cache", client.getUsername(), yaml);
            } finally {
                Files.delete(file);
            }
        }
    }

    @Test
    void toString_redisWithCredentials_showsNeither() {
        String text = config(Optional.of("redis://cache:" + PASSWORD + "@127.0.0.1:6390/3"), Optional.empty(),
                Optional.empty(), Optional.empty(), "p:", "25%").toString();

        assertFalse(text.contains(PASSWORD), text);
        assertTrue(text.contains("redis://127.0.0.1:6390"), text);
    }

    private static long weight(String maxWeight) {
        return config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "p:", maxWeight)
                .maxWeightBytes();
    }

    private static UserCacheConfig config(Optional<String> url, Optional<String> user, Optional<String> password,
            Optional<String> database, String prefix, String maxWeight) {
        return config(url, user, password, database, prefix, maxWeight, Optional.empty());
    }

    private static UserCacheConfig config(Optional<String> url, Optional<String> user, Optional<String> password,
            Optional<String> database, String prefix, String maxWeight, Optional<String> configFile) {
        Map<String, String> values = new HashMap<>();
        url.ifPresent(v -> values.put("redis.url", v));
        configFile.ifPresent(v -> values.put("redis.config-file", v));
        user.ifPresent(v -> values.put("redis.username", v));
        password.ifPresent(v -> values.put("redis.password", v));
        database.ifPresent(v -> values.put("redis.database", v));
        values.put("redis.timeout", "300ms");
        values.put("redis.connect-timeout", "400ms");
        values.put("clerk.cache.key-prefix", prefix);
        values.put("clerk.cache.max-weight", maxWeight);
        values.put("clerk.cache.integrity-key", INTEGRITY_KEY);
        return new UserCacheConfig(MapConfig.of(values));
    }
}
