package io.clerkcache.simulator;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.webhook.WebhookConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Owns the demo-mode {@link ClerkSimulator}: created and announced at application start when
 * {@link ClerkConfig#demoMode()} is on, absent otherwise (its HTTP endpoints are then not registered at all: see
 * {@code io.clerkcache.api.ClerkCacheApplication}).
 *
 * <p>Its settings are {@link SimulatorConfig}'s. Events go to {@link SimulatorConfig#webhookUrl()}, signed with
 * {@link WebhookConfig#secret()} (in demo mode derived automatically when none is configured); without a secret none
 * are sent.
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
    public SimulatorService(ClerkConfig clerkConfig, WebhookConfig webhookConfig, SimulatorConfig simulatorConfig) {
        this.clerkConfig = clerkConfig;
        if (clerkConfig.demoMode()) {
            this.webhookTarget = webhookConfig.secret()
                    .map(secret -> new WebhookTarget(simulatorConfig.webhookUrl(), secret))
                    .orElse(null);
            this.simulator = new ClerkSimulator(simulatorConfig.settings(), Clock.systemUTC(), Thread::sleep,
                    webhookTarget);
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
}
