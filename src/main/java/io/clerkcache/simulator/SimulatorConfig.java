package io.clerkcache.simulator;

import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.config.Settings;

/**
 * The demo simulator's settings, read from MicroProfile Config when demo mode first asks for them (the bean is
 * created on first use, and only {@link SimulatorService} in demo mode uses it); this class is the only reader of
 * their keys. Their defaults are {@link SimulatorSettings}' {@code DEFAULT_*} constants; the README's configuration
 * table documents them. Where the client calls the simulator ({@code clerk.simulator.url}) is the Clerk client's
 * setting ({@link ClerkConfig#simulatorUrl()}).
 *
 * <ul>
 * <li>{@code clerk.simulator.users}, {@code clerk.simulator.seed}, {@code clerk.simulator.latency},
 * {@code clerk.simulator.rate-limit}, {@code clerk.simulator.user-write-limit},
 * {@code clerk.simulator.webhook-delivery}: the {@link SimulatorSettings} the simulator starts with;</li>
 * <li>{@code clerk.simulator.webhook-url}: where the simulator delivers its signed events; unset, the webhook
 * endpoint of the server the simulator URL points at.</li>
 * </ul>
 */
@ApplicationScoped
public class SimulatorConfig {

    private static final String SIMULATOR_PATH = "/simulator/v1";
    private static final String WEBHOOK_PATH = "/api/webhooks/clerk";

    private SimulatorSettings settings;
    private URI webhookUrl;

    /** For the CDI proxy only. */
    protected SimulatorConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of a malformed setting
     */
    @Inject
    public SimulatorConfig(Config config, ClerkConfig clerk) {
        this(new Settings(config), clerk);
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of a malformed setting
     */
    public SimulatorConfig(Settings settings, ClerkConfig clerk) {
        int users = settings.integer("clerk.simulator.users", SimulatorSettings.DEFAULT_USERS);
        if (users < 0 || users > ClerkSimulator.MAX_USERS_PER_ADD) {
            throw Settings.invalid("clerk.simulator.users", "must be between 0 and "
                    + ClerkSimulator.MAX_USERS_PER_ADD + ", got " + users);
        }
        long seed = settings.longInteger("clerk.simulator.seed", SimulatorSettings.DEFAULT_SEED);
        Duration latency = settings.duration("clerk.simulator.latency", SimulatorSettings.DEFAULT_LATENCY);
        int rateLimit = settings.integer("clerk.simulator.rate-limit", SimulatorSettings.DEFAULT_RATE_LIMIT);
        if (rateLimit < 0) {
            throw Settings.invalid("clerk.simulator.rate-limit", "must be 0 (no limit) or more");
        }
        int userWriteLimit = settings.integer("clerk.simulator.user-write-limit",
                SimulatorSettings.DEFAULT_USER_WRITE_LIMIT);
        if (userWriteLimit < 0) {
            throw Settings.invalid("clerk.simulator.user-write-limit", "must be 0 (no limit) or more");
        }
        WebhookDelivery webhookDelivery;
        try {
            webhookDelivery = WebhookDelivery.parse(settings.text("clerk.simulator.webhook-delivery",
                    SimulatorSettings.DEFAULT_WEBHOOK_DELIVERY.configValue()));
        } catch (IllegalArgumentException e) {
            throw Settings.invalid("clerk.simulator.webhook-delivery", e.getMessage());
        }
        this.settings = new SimulatorSettings(users, seed, latency, rateLimit, userWriteLimit, webhookDelivery);
        String simulator = clerk.simulatorUrl().toString();
        String server = simulator.endsWith(SIMULATOR_PATH)
                ? simulator.substring(0, simulator.length() - SIMULATOR_PATH.length()) : simulator;
        String webhook = settings.text("clerk.simulator.webhook-url").orElse(server + WEBHOOK_PATH);
        try {
            this.webhookUrl = URI.create(webhook);
        } catch (IllegalArgumentException e) {
            throw Settings.invalid("clerk.simulator.webhook-url", "not a URL: " + Settings.shown(webhook));
        }
    }

    /** What the simulator starts with. */
    public SimulatorSettings settings() {
        return settings;
    }

    /** Where the simulator delivers its signed events. */
    public URI webhookUrl() {
        return webhookUrl;
    }
}
