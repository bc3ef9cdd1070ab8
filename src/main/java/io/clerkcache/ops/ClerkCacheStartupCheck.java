package io.clerkcache.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.security.AccessPolicy;
import io.clerkcache.security.AuthConfig;
import io.clerkcache.users.AdmissionConfig;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.webhook.WebhookConfig;

/**
 * Startup ({@code /health/started}): UP once every configuration of the service has been read and validated (the
 * Clerk client, the caches, admission limits, authentication and access, webhooks; the demo simulator's only in demo
 * mode, where it is read at start). Each configuration refuses a malformed value with a message
 * naming its key and never its value; that message is the check's data when it is DOWN.
 */
@Startup
@ApplicationScoped
public class ClerkCacheStartupCheck implements HealthCheck {

    private ClerkConfig clerk;
    private UserCacheConfig caches;
    private AuthConfig auth;
    private WebhookConfig webhooks;
    private AccessPolicy access;
    private AdmissionConfig admission;

    /** For CDI. */
    protected ClerkCacheStartupCheck() {
    }

    @Inject
    public ClerkCacheStartupCheck(ClerkConfig clerk, UserCacheConfig caches, AuthConfig auth, WebhookConfig webhooks,
            AccessPolicy access, AdmissionConfig admission) {
        this.clerk = clerk;
        this.caches = caches;
        this.auth = auth;
        this.webhooks = webhooks;
        this.access = access;
        this.admission = admission;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            // calling each (proxied) bean creates it, which reads and validates its keys
            data.put("mode", clerk.demoMode() ? "demo" : "live");
            data.put("cacheTtlSeconds", caches.ttl().toSeconds());
            data.put("tokenClockSkewSeconds", auth.clockSkew().toSeconds());
            data.put("webhooks", webhooks.secret().isPresent() ? "on" : "off");
            access.usersSeeOthers();
            admission.callerRate();
            data.put("configuration", "valid");
            return new HealthCheckResponse(ClerkCacheReadinessCheck.NAME, HealthCheckResponse.Status.UP,
                    Optional.of(data));
        } catch (RuntimeException e) {
            data.put("configuration", "invalid");
            data.put("error", String.valueOf(e.getMessage()));
            return new HealthCheckResponse(ClerkCacheReadinessCheck.NAME, HealthCheckResponse.Status.DOWN,
                    Optional.of(data));
        }
    }
}
