package io.clerkcache.users.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Redis down when the caches are first used, then started: the same client starts using it once it answers, with no
 * restart of the application. A private {@code redis-server} on a free port plays the Redis that comes back.
 */
class UserCachesRedisRecoveryTest {

    private Process redis;
    private UserCaches caches;

    @AfterEach
    void stop() throws InterruptedException {
        if (caches != null) {
            caches.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void cache_redisDownAtFirstUseThenStarted_usedOnceItAnswers() throws Exception {
        Path server = redisServerBinary();
        int port = freePort();
        caches = new UserCaches(UserCacheFixtures.config("redis://127.0.0.1:" + port, Duration.ofSeconds(300)), null, null);
        Cache<Object, Object> users = caches.cache(UserCaches.USERS); // lazy client: opening does not need Redis
        ClerkUser user = UserCacheFixtures.exampleUser();
        CachedUser entry = new CachedUser(user, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String key = user.id();

        assertThrows(RuntimeException.class, () -> users.put(key, entry), "Redis is not running yet");

        redis = new ProcessBuilder(List.of(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RuntimeException lastFailure = null;
        boolean stored = false;
        while (!stored && System.nanoTime() < deadline) {
            try {
                users.put(key, entry);
                stored = true;
            } catch (RuntimeException stillDown) {
                lastFailure = stillDown;
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        String reason = String.valueOf(lastFailure);
        assertTrue(stored, () -> "the client never reached the started Redis: " + reason);
        assertEquals(entry, users.get(key));
    }

    private static Path redisServerBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "redis-server is not on the PATH");
        throw new IllegalStateException();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
