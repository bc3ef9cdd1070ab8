package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import javax.cache.Cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.config.MapConfig;
import io.clerkcache.metrics.Recorder;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The near cache in front of the Redis user cache, with two instances (two {@link UserCaches}, each with its own
 * Redisson client, as two servers have) on one key prefix of the real Redis at 127.0.0.1:6379, or of a private
 * {@code redis-server} where the test cuts connections.
 */
class NearCacheRedisTest {

    private static final String ID = "user_2zK8mQp4TnV7xWbR1cYdE3fGhJk";

    private final String prefix = "near-test:" + UUID.randomUUID() + ":";
    private final List<UserCaches> started = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private Process privateRedis;

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        if (!started.isEmpty()) {
            try {
                started.get(0).cache(UserCaches.USERS).clear();
            } catch (RuntimeException gone) {
                // the private Redis goes with its process
            }
        }
        started.forEach(UserCaches::close);
        if (privateRedis != null) {
            privateRedis.destroy();
            privateRedis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private UserCaches instance(String redisUrl, boolean near, Recorder recorder) {
        Map<String, String> values = new HashMap<>();
        values.put("redis.url", redisUrl);
        values.put("clerk.cache.key-prefix", prefix);
        values.put("clerk.cache.integrity-key", UserCacheFixtures.INTEGRITY_KEY);
        values.put("clerk.cache.near.enabled", Boolean.toString(near));
        values.put("clerk.cache.near.ttl", "60s");
        UserCaches caches = new UserCaches(new UserCacheConfig(MapConfig.of(values)), null, null, recorder,
                java.time.Clock.systemUTC());
        started.add(caches);
        return caches;
    }

    private UserCaches instance(Recorder recorder) {
        return instance("redis://127.0.0.1:6379", true, recorder);
    }

    private static CachedUser entry(String firstName) {
        ClerkUser user = ClerkUser.of(jakarta.json.Json.createObjectBuilder(UserCacheFixtures.exampleUser().document())
                .add("id", ID).add("first_name", firstName).build());
        return new CachedUser(user, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static NearCache near(UserCaches caches) {
        return caches.cache(UserCaches.USERS).unwrap(NearCache.class);
    }

    private static void awaitActive(UserCaches caches) {
        // 30 s: a client's very first subscription may fail and be retried (every 2 s) before it succeeds
        await("the near cache is subscribed", 30, () -> {
            caches.cache(UserCaches.USERS).get("user_warm"); // a read asks for a probe while inactive
            return near(caches).hub().active();
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, 10, condition);
    }

    private static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not reached within " + seconds + " s: " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @Test
    void get_secondRead_answeredInThisJvmWithoutRedis() {
        Recorder recorder = Recorder.inMemory();
        UserCaches b = instance(recorder);
        awaitActive(b);
        Cache<Object, Object> users = b.cache(UserCaches.USERS);
        users.put(ID, entry("One"));
        String name = b.physicalName(UserCaches.USERS);
        long hits = recorder.near(name).hits();

        assertEquals(entry("One").user(), ((CachedUser) users.get(ID)).user());
        assertEquals(hits, recorder.near(name).hits(), "first read: from Redis");
        assertEquals(entry("One").user(), ((CachedUser) users.get(ID)).user());
        assertEquals(hits + 1, recorder.near(name).hits(), "second read: the copy");
        assertEquals(1, b.nearUse(UserCaches.USERS).orElseThrow().entries());
    }

    @Test
    void put_onOneInstance_otherInstanceDropsItsCopyWhenTheMessageArrives() {
        UserCaches a = instance(Recorder.inMemory());
        UserCaches b = instance(Recorder.inMemory());
        awaitActive(a);
        awaitActive(b);
        a.cache(UserCaches.USERS).put(ID, entry("One"));
        // a read that overlaps the delivery of a's message keeps nothing: read until b holds a copy
        await("b holds a copy", () -> b.cache(UserCaches.USERS).get(ID) != null
                && b.nearUse(UserCaches.USERS).orElseThrow().entries() == 1);

        a.cache(UserCaches.USERS).put(ID, entry("Two"));

        await("b serves the new entry", () -> "Two".equals(
                ((CachedUser) b.cache(UserCaches.USERS).get(ID)).user().firstName()));
    }

    @Test
    void put_writerHoldsACopy_writerDropsItBeforeReturning() {
        UserCaches a = instance(Recorder.inMemory());
        awaitActive(a);
        Cache<Object, Object> users = a.cache(UserCaches.USERS);
        users.put(ID, entry("One"));
        users.get(ID);
        users.get(ID);
        assertEquals(1, a.nearUse(UserCaches.USERS).orElseThrow().entries());

        users.put(ID, entry("Two"));

        assertEquals("Two", ((CachedUser) users.get(ID)).user().firstName(), "no wait for the writer's own message");
    }

    @Test
    void get_invalidationArrivesBetweenRedisReadAndStore_oldEntryNotKept() throws Exception {
        for (int round = 0; round < 20; round++) {
            UserCaches a = instance(Recorder.inMemory());
            UserCaches b = instance(Recorder.inMemory());
            awaitActive(a);
            awaitActive(b);
            b.cache(UserCaches.USERS).put(ID, entry("Old")); // b's own write: no message of it is on the way to b
            CountDownLatch read = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            NearCache bUsers = near(b);
            bUsers.afterRead(key -> {
                read.countDown();
                await(go);
            });
            NearCaches.Key key = new NearCaches.Key(b.physicalName(UserCaches.USERS), ID);
            long version = bUsers.hub().version(key);

            Future<Object> held = pool.submit(() -> bUsers.get(ID));
            assertTrue(read.await(10, TimeUnit.SECONDS));
            a.cache(UserCaches.USERS).put(ID, entry("New")); // its message reaches b while b's read is held
            await("b received the invalidation", () -> bUsers.hub().version(key) != version);
            go.countDown();
            assertEquals("Old", ((CachedUser) held.get(10, TimeUnit.SECONDS)).user().firstName(),
                    "the held read answers what it read");
            bUsers.afterRead(k -> { });

            assertEquals("New", ((CachedUser) bUsers.get(ID)).user().firstName(), "round " + round);
            started.remove(a);
            started.remove(b);
            a.cache(UserCaches.USERS).clear();
            a.close();
            b.close();
        }
    }

    @Test
    void replace_copyOlderThanRedis_failsAndDropsTheCopy() {
        UserCaches b = instance(Recorder.inMemory());
        // an instance without the near cache publishes nothing: b's copy goes stale, as if a message were lost
        UserCaches silent = instance("redis://127.0.0.1:6379", false, Recorder.inMemory());
        awaitActive(b);
        b.cache(UserCaches.USERS).put(ID, entry("One"));
        CachedUser copy = (CachedUser) b.cache(UserCaches.USERS).get(ID);
        silent.cache(UserCaches.USERS).put(ID, entry("Two"));
        assertEquals(copy, b.cache(UserCaches.USERS).get(ID), "b's copy is stale");

        assertFalse(b.cache(UserCaches.USERS).replace(ID, copy, entry("Three")));

        assertEquals("Two", ((CachedUser) b.cache(UserCaches.USERS).get(ID)).user().firstName());
    }

    @Test
    void subscriptionConnectionKilled_copiesDroppedAndKeptAgainOnceResubscribed() throws Exception {
        int port = startPrivateRedis();
        UserCaches b = instance("redis://127.0.0.1:" + port, true, Recorder.inMemory());
        awaitActive(b);
        Cache<Object, Object> users = b.cache(UserCaches.USERS);
        users.put(ID, entry("One"));
        users.get(ID);
        assertEquals(1, b.nearUse(UserCaches.USERS).orElseThrow().entries());

        redisCommand(port, "CLIENT KILL TYPE pubsub");

        await("the copy is dropped", () -> b.nearUse(UserCaches.USERS).orElseThrow().entries() == 0);
        awaitActive(b);
        users.get(ID);
        assertEquals(1, b.nearUse(UserCaches.USERS).orElseThrow().entries(), "kept again once resubscribed");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int startPrivateRedis() throws IOException {
        Path server = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                server = Path.of(dir, "redis-server");
            }
        }
        assumeTrue(server != null, "redis-server is not on the PATH");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        privateRedis = new ProcessBuilder(List.of(server.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int p = port;
        await("the private Redis listens", () -> {
            try (Socket s = new Socket("127.0.0.1", p)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return port;
    }

    /** Sends one inline command to the Redis on {@code port} and waits for its answer line. */
    private static void redisCommand(int port, String command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.getInputStream().read();
        }
    }
}
