package io.clerkcache.ops;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.webhook.WebhookConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.config.MapConfig;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

class ClerkCacheReadinessCheckTest {

    @Test
    void call_demoMode_upWithModeDemoAndTheDemoKeyPrefix() {
        HealthCheckResponse response = check(Map.of("clerk.demo-mode", "true")).call();

        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("clerk-cache", response.getName());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals("demo", data.get("mode"));
        assertEquals("in-memory", data.get("cache"));
        assertEquals("prefix:demo:", data.get("keyPrefix"));
    }

    @Test
    void call_secretKey_upWithModeLiveAndThePrefixAsConfigured() {
        HealthCheckResponse response = check(Map.of("clerk.secret-key", "sk_test_readiness")).call();

        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals("live", data.get("mode"));
        assertEquals("prefix:", data.get("keyPrefix"));
    }

    @Test
    void call_inMemory_redisNotConfiguredClerkNeverAskedWebhooksOff() {
        Map<String, Object> data = check(Map.of("clerk.secret-key", "sk_test_readiness")).call().getData()
                .orElseThrow();

        assertEquals("not-configured", data.get("redis"));
        assertEquals("never", data.get("clerkLastAnswer"));
        assertEquals("never", data.get("clerkLastFailure"));
        assertEquals("off", data.get("webhooks"));
        assertEquals(false, data.get("demoMode"));
    }

    @Test
    void call_redisUp_up() {
        assertEquals("up", check(Map.of("clerk.secret-key", "sk_test_readiness"),
                Optional.of("redis://127.0.0.1:6379")).call().getData().orElseThrow().get("redis"));
    }

    @Test
    void call_redisUnreachable_stillUpButSaysRedisDown() {
        HealthCheckResponse response = check(Map.of("clerk.secret-key", "sk_test_readiness"),
                Optional.of("redis://127.0.0.1:1")).call();

        assertEquals(HealthCheckResponse.Status.UP, response.getStatus(), "the service fails open: still ready");
        assertEquals("down", response.getData().orElseThrow().get("redis"));
    }

    @Test
    void call_redisBreakerOpen_reportedWithSinceAndTheInJvmLayerWithoutAskingRedis() {
        ClerkConfig clerkConfig = config(Map.of("clerk.secret-key", "sk_test_readiness"));
        UserCaches caches = caches(clerkConfig, Optional.of("redis://127.0.0.1:1"));
        ClerkCacheReadinessCheck check = new ClerkCacheReadinessCheck(clerkConfig, caches, new RedisProbe(caches),
                Recorder.inMemory(), new WebhookConfig(new SmallRyeConfigBuilder().build(), clerkConfig));
        io.clerkcache.users.cache.RedisBreaker breaker = caches.breaker().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThrows(RuntimeException.class, () -> breaker.call(() -> {
                throw new org.redisson.client.RedisConnectionException("injected: refused");
            }));
        }

        Map<String, Object> data = check.call().getData().orElseThrow();

        assertTrue(java.util.Set.of("open", "half-open").contains(data.get("redisBreaker")), "open, or probing: "
                + data.get("redisBreaker"));
        assertNotEquals(null, data.get("redisBreakerSince"));
        assertEquals(0L, data.get("redisLocalEntries"));
        assertEquals("down", data.get("redis"), "an open breaker is Redis down");
    }

    @Test
    void call_afterAFailedClerkCall_lastFailureWithItsReason() {
        Recorder calls = Recorder.inMemory();
        ClerkConfig live = config(Map.of("clerk.secret-key", "sk_test_readiness", "clerk.api-url",
                "http://127.0.0.1:1/v1", "clerk.read-retries", "0"));
        ClerkClient client = new ClerkClient(live, calls, new LocalClerkRateBudget(java.time.Clock.systemUTC()));
        assertThrows(ClerkUnavailableException.class, () -> client.getUser("user_" + "A".repeat(27)));

        Map<String, Object> data = check(live, Optional.empty(), calls).call().getData().orElseThrow();

        assertNotEquals("never", data.get("clerkLastFailure"));
        assertTrue(String.valueOf(data.get("clerkLastFailureReason")).startsWith("connection failed"),
                String.valueOf(data.get("clerkLastFailureReason")));
        assertEquals("never", data.get("clerkLastAnswer"));
    }

    private static ClerkConfig config(Map<String, String> clerk) {
        return new ClerkConfig(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(clerk, "test", 500))
                .build());
    }

    private static ClerkCacheReadinessCheck check(Map<String, String> clerk) {
        return check(clerk, Optional.empty());
    }

    private static ClerkCacheReadinessCheck check(Map<String, String> clerk, Optional<String> redisUrl) {
        return check(config(clerk), redisUrl, Recorder.inMemory());
    }

    private static ClerkCacheReadinessCheck check(ClerkConfig clerkConfig, Optional<String> redisUrl,
            Recorder calls) {
        UserCaches caches = caches(clerkConfig, redisUrl);
        WebhookConfig webhooks = new WebhookConfig(new SmallRyeConfigBuilder().build(), clerkConfig);
        return new ClerkCacheReadinessCheck(clerkConfig, caches, new RedisProbe(caches), calls, webhooks);
    }

    private static UserCaches caches(ClerkConfig clerkConfig, Optional<String> redisUrl) {
        Map<String, String> cache = new HashMap<>();
        redisUrl.ifPresent(url -> cache.put("redis.url", url));
        cache.put("clerk.cache.key-prefix", "prefix:");
        cache.put("clerk.cache.max-entries", "1000");
        return new UserCaches(new UserCacheConfig(MapConfig.of(cache)), clerkConfig, null);
    }
}
