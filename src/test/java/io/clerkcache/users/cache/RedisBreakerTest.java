package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.config.MapConfig;
import io.clerkcache.metrics.Recorder;

/**
 * The breaker's counting and its return to closed, on the caches' real Redis client (127.0.0.1:6379, a key prefix of
 * the test's own); failures of Redis are injected by commands that throw what Redisson throws.
 */
class RedisBreakerTest {

    private final String prefix = "breaker-test:" + UUID.randomUUID() + ":";
    private final Recorder recorder = Recorder.inMemory();
    private UserCaches caches;

    private RedisBreaker start(String window) {
        UserCacheConfig config = new UserCacheConfig(MapConfig.of(Map.of("redis.url", "redis://127.0.0.1:6379",
                "redis.timeout", "2s", "clerk.cache.key-prefix", prefix, "clerk.cache.integrity-key",
                UserCacheFixtures.INTEGRITY_KEY, "redis.breaker.failures", "3", "redis.breaker.window", window,
                "redis.breaker.probe-interval", "100ms")));
        caches = new UserCaches(config, null, null, recorder, java.time.Clock.systemUTC());
        return caches.breaker().orElseThrow();
    }

    @AfterEach
    void stop() {
        if (caches != null) {
            try {
                caches.redis().orElseThrow().getBucket(prefix + "valid-after").delete();
            } finally {
                caches.close();
            }
        }
    }

    private static Object refused() {
        throw new RedisConnectionException("injected: connection refused");
    }

    private void fail(RedisBreaker breaker, RuntimeException e) {
        assertThrows(e.getClass(), () -> breaker.call(() -> {
            throw e;
        }));
    }

    @Test
    void call_failuresBelowTheThreshold_staysClosed_atTheThreshold_opensAndSkipsCommands() {
        RedisBreaker breaker = start("10s");
        assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));
        fail(breaker, new RedisResponseTimeoutException("injected: timeout"));
        assertEquals(RedisBreaker.State.CLOSED, breaker.state());

        assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));

        assertTrue(breaker.isOpen());
        AtomicBoolean ran = new AtomicBoolean();
        assertThrows(RedisUnavailableException.class, () -> breaker.call(() -> ran.getAndSet(true)));
        assertFalse(ran.get(), "no command is sent while open");
        assertTrue(recorder.redisCallsSkipped() >= 1);
    }

    @Test
    void call_errorsThatAreNotOutages_neverOpen() {
        RedisBreaker breaker = start("10s");
        for (int i = 0; i < 10; i++) {
            fail(breaker, new RedisException("WRONGTYPE Operation against a key holding the wrong kind of value"));
            fail(breaker, new IllegalStateException("a bad entry"));
        }
        assertEquals(RedisBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void call_aSuccessBetweenFailures_countStartsAgain() {
        RedisBreaker breaker = start("10s");
        for (int i = 0; i < 5; i++) {
            assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));
            assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));
            assertEquals("ok", breaker.call(() -> "ok"));
        }
        assertEquals(RedisBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void call_failuresFartherApartThanTheWindow_staysClosed() {
        RedisBreaker breaker = start("200ms");
        for (int i = 0; i < 4; i++) {
            assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(120));
        }
        assertEquals(RedisBreaker.State.CLOSED, breaker.state(), "never 3 failures within 200 ms");
    }

    @Test
    void open_redisAnswers_probeClosesItAndRaisesTheSharedInstant_neverLowersIt() {
        RedisBreaker breaker = start("10s");
        Instant before = Instant.now().minusMillis(1);
        for (int i = 0; i < 3; i++) {
            assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));
        }
        assertTrue(breaker.isOpen());

        await(() -> breaker.state() == RedisBreaker.State.CLOSED);

        RBucket<String> shared = caches.redis().orElseThrow().getBucket(prefix + "valid-after", StringCodec.INSTANCE);
        Instant written = Instant.ofEpochMilli(Long.parseLong(shared.get()));
        assertTrue(written.isAfter(before), "the outage's end: " + written);
        assertEquals(written, breaker.entriesValidAfter());

        // an instance that saw a later outage end wrote a later instant: the next close does not lower it
        Instant later = written.plusSeconds(3600);
        shared.set(Long.toString(later.toEpochMilli()));
        for (int i = 0; i < 3; i++) {
            assertThrows(RedisConnectionException.class, () -> breaker.call(RedisBreakerTest::refused));
        }
        await(() -> breaker.state() == RedisBreaker.State.CLOSED);
        assertEquals(later, Instant.ofEpochMilli(Long.parseLong(shared.get())));
        assertEquals(later, breaker.entriesValidAfter());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
