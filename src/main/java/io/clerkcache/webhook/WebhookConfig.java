package io.clerkcache.webhook;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.config.Settings;

/**
 * The webhook receiver's settings, read once from MicroProfile Config; this class is the only reader of their keys,
 * and their defaults are its {@code DEFAULT_*} constants (the README's configuration table documents them).
 *
 * <ul>
 * <li>{@code clerk.webhook-secret} (env {@code CLERK_WEBHOOK_SECRET}): the endpoint's signing secret as Clerk's
 * dashboard shows it, {@code whsec_} prefix included. Without it the endpoint answers 503; in demo mode a secret is
 * derived from the demo key and shared with the simulator.</li>
 * <li>{@code clerk.webhook.dedupe-ttl}: how long a delivered {@code svix-id} is remembered, longer than Svix's retry
 * schedule (about 27 h).</li>
 * </ul>
 */
@ApplicationScoped
public class WebhookConfig {

    /** Bodies larger than this are refused with 413 before they are read further. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** {@code clerk.webhook.dedupe-ttl}'s default. */
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofHours(28);

    private static final String SECRET_KEY = "clerk.webhook-secret";
    private static final String DEMO_SECRET_PURPOSE = "clerk-cache demo webhook secret";

    private String secret;
    private boolean derived;
    private Duration dedupeTtl;

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
        this(new Settings(config), clerk);
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of a malformed setting
     */
    public WebhookConfig(Settings settings, ClerkConfig clerk) {
        Optional<String> configured = settings.text(SECRET_KEY);
        if (configured.isPresent()) {
            String s = configured.get();
            try {
                new WebhookSignature(s, java.time.Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(SECRET_KEY, "expected whsec_ followed by base64 (value not shown): "
                        + e.getMessage());
            }
            this.secret = s;
        } else if (clerk.demoMode()) {
            this.secret = "whsec_" + Base64.getEncoder().encodeToString(clerk.derivedKey(DEMO_SECRET_PURPOSE));
            this.derived = true;
        }
        this.dedupeTtl = settings.positiveDuration("clerk.webhook.dedupe-ttl", DEFAULT_DEDUPE_TTL);
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
}
