package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.users.cache.UserCaches;

/**
 * Redis credentials, database index and TLS from configuration, against private {@code redis-server}s; and no
 * password in any log line, whatever happens (the log of the whole JVM is read at every level).
 */
class RedisConnectionTest {

    private static final String WRONG_PASSWORD = "Wr0ng-pw-3b8a";

    private final LogCapture log = new LogCapture();
    private DirectoryFixture fixture;
    private PrivateRedis redis;

    @AfterEach
    void stop() throws Exception {
        try {
            if (fixture != null) {
                fixture.close();
            }
            if (redis != null) {
                redis.close();
            }
        } finally {
            log.close();
        }
        System.clearProperty("javax.net.ssl.trustStore");
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
    }

    @Test
    void aclUserPasswordAndDatabaseKeys_entriesInThatDatabaseAndNoPasswordLogged() throws Exception {
        redis = PrivateRedis.withPasswords();
        fixture = start(Map.of("redis.url", "redis://127.0.0.1:" + redis.port(), "redis.username", PrivateRedis.ACL_USER,
                "redis.password", PrivateRedis.ACL_PASSWORD, "redis.database", "3"));

        String id = cachedTwice();

        assertEquals(List.of(id), idsInRedis(PrivateRedis.ACL_USER, PrivateRedis.ACL_PASSWORD, 3));
        assertEquals(List.of(), idsInRedis(PrivateRedis.ACL_USER, PrivateRedis.ACL_PASSWORD, 0));
        assertNoPasswordLogged();
    }

    @Test
    void credentialsAndDatabaseInTheUrl_usedAndNeverLogged() throws Exception {
        redis = PrivateRedis.withPasswords();
        fixture = start(Map.of("redis.url", "redis://" + PrivateRedis.ACL_USER + ":" + PrivateRedis.ACL_PASSWORD
                + "@127.0.0.1:" + redis.port() + "/4"));

        String id = cachedTwice();

        assertEquals(List.of(id), idsInRedis(PrivateRedis.ACL_USER, PrivateRedis.ACL_PASSWORD, 4));
        assertNoPasswordLogged();
    }

    @Test
    void requirepassWithoutUser_used() throws Exception {
        redis = PrivateRedis.withPasswords();
        fixture = start(Map.of("redis.url", "redis://127.0.0.1:" + redis.port(), "redis.password",
                PrivateRedis.ROOT_PASSWORD));

        String id = cachedTwice();

        assertEquals(List.of(id), idsInRedis(null, PrivateRedis.ROOT_PASSWORD, 0));
        assertNoPasswordLogged();
    }

    @Test
    void wrongPassword_lookupsAnsweredFromClerkAndTheFailureLoggedWithoutThePassword() throws Exception {
        redis = PrivateRedis.withPasswords();
        fixture = start(Map.of("redis.url", "redis://127.0.0.1:" + redis.port(), "redis.username", PrivateRedis.ACL_USER,
                "redis.password", WRONG_PASSWORD));
        String id = fixture.simulator().userIds().get(0);

        assertTrue(fixture.directory().byId(id).isPresent());
        assertTrue(fixture.directory().byId(id).isPresent());

        assertEquals(1, fixture.simulator().totalCalls(), "nothing could be cached in Redis, whose breaker opened:"
                + " the second lookup came from the in-JVM layer");
        assertTrue(redisBreakerOpen());
        assertTrue(backendErrors() > 0);
        assertFalse(log.lines().isEmpty(), "the failure was logged");
        assertNoPasswordLogged();
    }

    @Test
    void wrongCredentialsInTheUrl_failureLoggedWithoutThem() throws Exception {
        redis = PrivateRedis.withPasswords();
        fixture = start(Map.of("redis.url", "redis://" + PrivateRedis.ACL_USER + ":" + WRONG_PASSWORD + "@127.0.0.1:"
                + redis.port()));
        String id = fixture.simulator().userIds().get(0);

        assertTrue(fixture.directory().byId(id).isPresent());

        assertTrue(backendErrors() > 0);
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("GET failed")), "the failure was logged");
        assertNoPasswordLogged();
    }

    @Test
    void configFile_credentialsAndDatabaseFromTheKeysAppliedToItsServer() throws Exception {
        redis = PrivateRedis.withPasswords();
        Path yaml = Files.createTempFile("redisson", ".yaml");
        try {
            Files.writeString(yaml, "singleServerConfig:\n  address: \"redis://127.0.0.1:" + redis.port() + "\"\n");
            fixture = start(Map.of("redis.config-file", yaml.toString(), "redis.username", PrivateRedis.ACL_USER,
                    "redis.password", PrivateRedis.ACL_PASSWORD, "redis.database", "5"));

            String id = cachedTwice();

            assertEquals(List.of(id), idsInRedis(PrivateRedis.ACL_USER, PrivateRedis.ACL_PASSWORD, 5));
            assertNoPasswordLogged();
        } finally {
            Files.delete(yaml);
        }
    }

    @Test
    void rediss_tlsConnectionToAServerWithAPrivateCertificate_cachesThere() throws Exception {
        redis = PrivateRedis.withTls();
        System.setProperty("javax.net.ssl.trustStore", redis.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        fixture = start(Map.of("redis.url", "rediss://127.0.0.1:" + redis.port()));

        cachedTwice();

        assertEquals(0, backendErrors());
    }

    @Test
    void rediss_serverCertificateNotTrusted_noConnectionLookupsFromClerk() throws Exception {
        redis = PrivateRedis.withTls();
        fixture = start(Map.of("redis.url", "rediss://127.0.0.1:" + redis.port()));
        String id = fixture.simulator().userIds().get(0);

        fixture.directory().byId(id);
        fixture.directory().byId(id);

        assertEquals(1, fixture.simulator().totalCalls(), "an untrusted server is never used: its breaker opened and"
                + " the second lookup came from the in-JVM layer");
        assertTrue(redisBreakerOpen());
        assertTrue(backendErrors() > 0);
    }

    private DirectoryFixture start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("clerk.cache.key-prefix", "conn-test:");
        return DirectoryFixture.start(10, all);
    }

    /** Looks a user up twice; the second lookup must come from Redis. */
    private String cachedTwice() {
        String id = fixture.simulator().userIds().get(0);
        assertTrue(fixture.directory().byId(id).isPresent());
        assertTrue(fixture.directory().byId(id).isPresent());
        assertEquals(1, fixture.simulator().totalCalls(), "the second lookup came from Redis");
        return id;
    }

    private boolean redisBreakerOpen() {
        return fixture.bean(UserCaches.class).breaker().orElseThrow().isOpen();
    }

    private long backendErrors() {
        return fixture.bean(CacheStatistics.class).snapshot(fixture.bean(UserCaches.class)
                .physicalName(UserCaches.USERS)).backendErrors();
    }

    private List<String> idsInRedis(String user, String password, int database) {
        Config c = new Config();
        c.useSingleServer().setAddress("redis://127.0.0.1:" + redis.port()).setDatabase(database);
        if (user != null) {
            c.setUsername(user);
        }
        c.setPassword(password);
        c.setCodec(StringCodec.INSTANCE);
        RedissonClient raw = Redisson.create(c);
        try {
            return List.copyOf(raw.<String, String>getMap("conn-test:users").keySet());
        } finally {
            raw.shutdown();
        }
    }

    private void assertNoPasswordLogged() {
        List<String> lines = log.lines();
        assertFalse(lines.isEmpty(), "something was logged (the start-up line at least)");
        for (String line : lines) {
            for (String secret : List.of(PrivateRedis.ACL_PASSWORD, PrivateRedis.ROOT_PASSWORD, WRONG_PASSWORD)) {
                assertFalse(line.contains(secret), () -> "a password in the log: " + line);
            }
        }
    }
}
