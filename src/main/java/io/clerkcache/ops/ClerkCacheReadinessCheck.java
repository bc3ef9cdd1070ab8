package io.clerkcache.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * Readiness ({@code /health/ready}) of this deployment: up once the application started, with what it serves from:
 * {@code mode} {@code demo} (the built-in simulator plays Clerk) or {@code live}, the cache backend and the key prefix
 * in use. A probe or an operator can then tell a demo server from a production one at a glance.
 */
@Readiness
@ApplicationScoped
public class ClerkCacheReadinessCheck implements HealthCheck {

    /** The check's name in the health response. */
    public static final String NAME = "clerk-cache";

    private ClerkConfig clerk;
    private UserCaches caches;

    /** For CDI. */
    protected ClerkCacheReadinessCheck() {
    }

    @Inject
    public ClerkCacheReadinessCheck(ClerkConfig clerk, UserCaches caches) {
        this.clerk = clerk;
        this.caches = caches;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", clerk.demoMode() ? "demo" : "live");
        data.put("cache", caches.backend());
        data.put("keyPrefix", caches.keyPrefix());
        // The constructor, not HealthCheckResponse.named(): no provider lookup on every probe.
        return new HealthCheckResponse(NAME, HealthCheckResponse.Status.UP, Optional.of(data));
    }
}
