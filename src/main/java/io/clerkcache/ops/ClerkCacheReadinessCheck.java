package io.clerkcache.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.webhook.WebhookConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * Readiness ({@code /health/ready}) of this deployment: up once the application started, with what it serves from:
 * {@code mode} {@code demo} (the built-in simulator plays Clerk) or {@code live}, the cache backend and the key prefix
 * in use, whether Redis answers ({@code up}, {@code down}, {@code not-configured}: the check stays UP while Redis is
 * down, since lookups then go to Clerk), Redis's circuit breaker ({@code closed}, {@code open}, {@code half-open}, since
 * when, and the entries of the in-JVM layer that serves while it is open), when Clerk last answered and last failed (and why), and whether webhooks are
 * on. A probe or an operator can then tell a demo server from a production one, and a degraded one, at a glance.
 */
@Readiness
@ApplicationScoped
public class ClerkCacheReadinessCheck implements HealthCheck {

    /** The check's name in the health response. */
    public static final String NAME = "clerk-cache";

    private ClerkConfig clerk;
    private UserCaches caches;
    private RedisProbe redis;
    private Recorder clerkCalls;
    private WebhookConfig webhooks;

    /** For CDI. */
    protected ClerkCacheReadinessCheck() {
    }

    @Inject
    public ClerkCacheReadinessCheck(ClerkConfig clerk, UserCaches caches, RedisProbe redis, Recorder clerkCalls,
            WebhookConfig webhooks) {
        this.clerk = clerk;
        this.caches = caches;
        this.redis = redis;
        this.clerkCalls = clerkCalls;
        this.webhooks = webhooks;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", clerk.demoMode() ? "demo" : "live");
        data.put("cache", caches.backend());
        data.put("keyPrefix", caches.keyPrefix());
        data.put("demoMode", clerk.demoMode());
        // Redis down is reported, never DOWN: lookups then go to Clerk (the service fails open)
        data.put("redis", redis.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        caches.breaker().ifPresent(b -> {
            var status = b.status();
            data.put("redisBreaker", status.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            data.put("redisBreakerSince", status.since().toString());
            data.put("redisLocalEntries", caches.localLayerEntries());
        });
        data.put("clerkLastAnswer", instant(clerkCalls.clerkLastAnsweredAt()));
        data.put("clerkLastFailure", instant(clerkCalls.clerkLastFailedAt()));
        if (clerkCalls.clerkLastFailure() != null) {
            data.put("clerkLastFailureReason", clerkCalls.clerkLastFailure());
        }
        data.put("webhooks", webhooks.secret().isPresent() ? "on" : "off");
        // The constructor, not HealthCheckResponse.named(): no provider lookup on every probe.
        return new HealthCheckResponse(NAME, HealthCheckResponse.Status.UP, Optional.of(data));
    }

    private static String instant(long epochMillis) {
        return epochMillis == 0 ? "never" : java.time.Instant.ofEpochMilli(epochMillis).toString();
    }
}
