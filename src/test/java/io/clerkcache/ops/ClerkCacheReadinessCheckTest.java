package io.clerkcache.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkConfig;
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

    private static ClerkCacheReadinessCheck check(Map<String, String> clerk) {
        ClerkConfig clerkConfig = new ClerkConfig(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(clerk, "test", 500)).build());
        UserCacheConfig cacheConfig = new UserCacheConfig(Optional.empty(), Optional.empty(), Duration.ofMillis(500),
                Duration.ofSeconds(1), 0, Duration.ofSeconds(300), Duration.ofSeconds(60), "prefix:", 1000, 1000,
                "private_metadata", Optional.empty());
        return new ClerkCacheReadinessCheck(clerkConfig, new UserCaches(cacheConfig, clerkConfig, null));
    }
}
