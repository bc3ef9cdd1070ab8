package io.clerkcache.ops;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness ({@code /health/live}): the application answers. Nothing outside the JVM is consulted: Redis or Clerk
 * being down is no reason to restart the service (readiness reports them).
 */
@Liveness
@ApplicationScoped
public class ClerkCacheLivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return new HealthCheckResponse(ClerkCacheReadinessCheck.NAME, HealthCheckResponse.Status.UP,
                Optional.of(Map.of("uptimeSeconds", uptimeSeconds)));
    }
}
