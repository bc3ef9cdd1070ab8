package io.clerkcache.simulator;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.webhook.WebhookConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Owns the demo-mode {@link ClerkSimulator}: created and announced at application start when
 * {@link ClerkConfig#demoMode()} is on, absent otherwise (its HTTP endpoints are then not registered at all: see
 * {@code io.clerkcache.api.ClerkCacheApplication}).
 *
 * <p>Settings (MicroProfile Config; durations in the format of {@link ClerkConfig}):
 * <ul>
 * <li>{@code clerk.simulator.users}: users seeded at start, default 500;</li>
 * <li>{@code clerk.simulator.seed}: random seed of the generated users, default 42;</li>
 * <li>{@code clerk.simulator.latency}: delay added to every API call, default 0;</li>
 * <li>{@code clerk.simulator.rate-limit}: API calls per 10 s window before 429, default 1000 (Clerk production);
 * 0 disables it;</li>
 * <li>{@code clerk.simulator.user-write-limit}: writes to one user per 10 s window before 429, default 10 (Clerk's);
 * 0 disables it;</li>
 * <li>{@code clerk.simulator.webhook-delivery}: {@code deliver} (default), {@code hold} or {@code off}: what becomes
 * of the Clerk events of the simulated users' changes ({@link WebhookDelivery}).</li>
 * </ul>
 *
 * <p>Events go to {@link WebhookConfig#simulatorWebhookUrl()}, signed with {@link WebhookConfig#secret()} (in demo
 * mode derived automatically when none is configured); without a secret none are sent.
 */
@ApplicationScoped
public class SimulatorService {

    private static final Logger LOG = Logger.getLogger(SimulatorService.class.getName());

    private ClerkConfig clerkConfig;
    private ClerkSimulator simulator;
    private WebhookTarget webhookTarget;

    /** For the CDI proxy only. */
    protected SimulatorService() {
    }

    /**
     * Creates and seeds the simulator in demo mode.
     *
     * @throws IllegalArgumentException naming the key of a malformed simulator setting
     */
    @Inject
    public SimulatorService(ClerkConfig clerkConfig, WebhookConfig webhookConfig, Config config) {
        this.clerkConfig = clerkConfig;
        if (clerkConfig.demoMode()) {
            this.webhookTarget = webhookConfig.secret()
                    .map(secret -> new WebhookTarget(webhookConfig.simulatorWebhookUrl(), secret))
                    .orElse(null);
            this.simulator = new ClerkSimulator(settings(config), Clock.systemUTC(), Thread::sleep, webhookTarget);
        }
    }

    /** Announces demo mode at application start, loudly: it must never go unnoticed in production. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (simulator != null) {
            LOG.warning(() -> "DEMO MODE (clerk.demo-mode=true): Clerk calls go to the built-in Clerk simulator at "
                    + clerkConfig.simulatorUrl() + ", serving " + simulator.userCount() + " simulated users (seed "
                    + simulator.settings().getJsonNumber("seed") + ", latency " + simulator.latency().toMillis()
                    + " ms, rate limit " + simulator.rateLimit() + " calls per 10 s, " + simulator.userWriteLimit()
                    + " writes per user and 10 s; webhooks " + webhooks() + "); cache entries go under their"
                    + " own key prefix. Never use demo mode in production: set clerk.secret-key (CLERK_SECRET_KEY)"
                    + " and leave clerk.demo-mode unset.");
        }
    }

    private String webhooks() {
        WebhookDelivery delivery = simulator.webhooks().delivery();
        if (delivery == WebhookDelivery.OFF) {
            return "off";
        }
        if (webhookTarget == null) {
            return "not sent: no webhook secret";
        }
        return (delivery == WebhookDelivery.HOLD ? "held for " : "sent to ") + webhookTarget.url();
    }

    /** Stops sending webhooks. */
    @PreDestroy
    void stop() {
        if (simulator != null) {
            simulator.webhooks().close();
        }
    }

    /** The simulator, present only in demo mode. */
    public Optional<ClerkSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    static SimulatorSettings settings(Config config) {
        int users = intValue(config, "clerk.simulator.users", SimulatorSettings.DEFAULT_USERS);
        if (users < 0 || users > ClerkSimulator.MAX_USERS_PER_ADD) {
            throw ClerkConfig.invalid("clerk.simulator.users", "must be between 0 and "
                    + ClerkSimulator.MAX_USERS_PER_ADD + ", got " + users);
        }
        long seed;
        String seedText = config.getOptionalValue("clerk.simulator.seed", String.class).orElse(null);
        try {
            seed = seedText == null ? SimulatorSettings.DEFAULT_SEED : Long.parseLong(seedText.strip());
        } catch (NumberFormatException e) {
            throw ClerkConfig.invalid("clerk.simulator.seed", "not a number");
        }
        Duration latency = ClerkConfig.duration(config, "clerk.simulator.latency", Duration.ZERO);
        int rateLimit = intValue(config, "clerk.simulator.rate-limit", SimulatorSettings.DEFAULT_RATE_LIMIT);
        if (rateLimit < 0) {
            throw ClerkConfig.invalid("clerk.simulator.rate-limit", "must be 0 (no limit) or more");
        }
        int userWriteLimit = intValue(config, "clerk.simulator.user-write-limit",
                SimulatorSettings.DEFAULT_USER_WRITE_LIMIT);
        if (userWriteLimit < 0) {
            throw ClerkConfig.invalid("clerk.simulator.user-write-limit", "must be 0 (no limit) or more");
        }
        WebhookDelivery webhookDelivery;
        try {
            webhookDelivery = WebhookDelivery.parse(config.getOptionalValue("clerk.simulator.webhook-delivery",
                    String.class).orElse("deliver"));
        } catch (IllegalArgumentException e) {
            throw ClerkConfig.invalid("clerk.simulator.webhook-delivery", e.getMessage());
        }
        return new SimulatorSettings(users, seed, latency, rateLimit, userWriteLimit, webhookDelivery);
    }

    private static int intValue(Config config, String key, int defaultValue) {
        String text = config.getOptionalValue(key, String.class).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ClerkConfig.invalid(key, "not a whole number");
        }
    }
}
