package io.clerkcache.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.clerk.ClerkConfig;

/**
 * The webhook receiver's settings.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code clerk.webhook-secret} (env {@code CLERK_WEBHOOK_SECRET})</td><td>none; in demo mode a secret derived
 * from the demo key, shared with the simulator</td><td>the endpoint's signing secret as Clerk's dashboard shows it,
 * {@code whsec_} prefix included. Without it the endpoint answers 503.</td></tr>
 * <tr><td>{@code clerk.webhook.dedupe-ttl}</td><td>{@code PT28H}</td><td>how long a delivered {@code svix-id} is
 * remembered: longer than Svix's retry schedule (about 27 h)</td></tr>
 * <tr><td>{@code clerk.simulator.webhook-url}</td><td>{@code clerk.simulator.url} with {@code /simulator/v1} replaced
 * by {@code /api/webhooks/clerk}</td><td>demo mode: where the simulator delivers its events</td></tr>
 * </table>
 */
@ApplicationScoped
public class WebhookConfig {

    /** Bodies larger than this are refused with 413 before they are read further. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** {@code clerk.webhook.dedupe-ttl}'s default. */
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofHours(28);

    private static final String DEMO_SECRET_PURPOSE = "clerk-cache demo webhook secret";

    private String secret;
    private boolean derived;
    private Duration dedupeTtl;
    private URI simulatorWebhookUrl;

    /** For the CDI proxy only. */
    protected WebhookConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of a malformed setting
     */
    @Inject
    public WebhookConfig(Config config, ClerkConfig clerk) {
        Optional<String> configured = config.getOptionalValue("clerk.webhook-secret", String.class)
                .map(String::strip).filter(s -> !s.isEmpty());
        if (configured.isPresent()) {
            String s = configured.get();
            try {
                new WebhookSignature(s, java.time.Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
            } catch (IllegalArgumentException e) {
                throw ClerkConfig.invalid("clerk.webhook-secret", "expected whsec_ followed by base64 (value not"
                        + " shown): " + e.getMessage());
            }
            this.secret = s;
        } else if (clerk.demoMode()) {
            this.secret = "whsec_" + Base64.getEncoder().encodeToString(clerk.derivedKey(DEMO_SECRET_PURPOSE));
            this.derived = true;
        }
        this.dedupeTtl = ClerkConfig.duration(config, "clerk.webhook.dedupe-ttl", DEFAULT_DEDUPE_TTL);
        if (dedupeTtl.isNegative() || dedupeTtl.isZero()) {
            throw ClerkConfig.invalid("clerk.webhook.dedupe-ttl", "must be positive, got " + dedupeTtl);
        }
        String sim = clerk.simulatorUrl().toString();
        String defaultUrl = (sim.endsWith("/simulator/v1") ? sim.substring(0, sim.length() - "/simulator/v1".length())
                : sim) + "/api/webhooks/clerk";
        this.simulatorWebhookUrl = URI.create(config.getOptionalValue("clerk.simulator.webhook-url", String.class)
                .map(String::strip).filter(s -> !s.isEmpty()).orElse(defaultUrl));
    }

    /** The signing secret ({@code whsec_...}), if the endpoint has one. Never log it. */
    public Optional<String> secret() {
        return Optional.ofNullable(secret);
    }

    /** Whether the secret is the demo one, derived because none was configured (demo mode only). */
    public boolean secretDerivedForDemo() {
        return derived;
    }

    /** How long a delivered {@code svix-id} is remembered. */
    public Duration dedupeTtl() {
        return dedupeTtl;
    }

    /** Demo mode: where the simulator delivers its signed events. */
    public URI simulatorWebhookUrl() {
        return simulatorWebhookUrl;
    }
}
