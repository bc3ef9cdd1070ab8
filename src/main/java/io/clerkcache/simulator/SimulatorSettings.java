package io.clerkcache.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The simulator's starting settings.
 *
 * <p>Read from configuration by {@link SimulatorConfig}; the defaults are the {@code DEFAULT_*} constants.
 *
 * @param users users seeded at start ({@code clerk.simulator.users})
 * @param seed random seed of the generated users ({@code clerk.simulator.seed})
 * @param latency delay added to every API call ({@code clerk.simulator.latency})
 * @param rateLimit API calls allowed per 10 s window ({@code clerk.simulator.rate-limit}; by default as many as a
 *        Clerk production instance allows; 0 disables the limit)
 * @param userWriteLimit writes to one user ({@code PATCH /users/{id}}, {@code PATCH /users/{id}/metadata},
 *        {@code DELETE /users/{id}}) allowed per 10 s window ({@code clerk.simulator.user-write-limit}, by default
 *        Clerk's; 0 disables the limit)
 * @param webhookDelivery what becomes of the Clerk events the users' changes cause
 *        ({@code clerk.simulator.webhook-delivery}: {@code deliver}, {@code hold} or {@code off})
 */
public record SimulatorSettings(int users, long seed, Duration latency, int rateLimit, int userWriteLimit,
        WebhookDelivery webhookDelivery) {

    /** Default seeded users. */
    public static final int DEFAULT_USERS = 500;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default rate limit per 10 s: Clerk production. */
    public static final int DEFAULT_RATE_LIMIT = 1000;
    /** Default writes per user and 10 s: Clerk's. */
    public static final int DEFAULT_USER_WRITE_LIMIT = 10;
    /** Default delay added to every API call: none. */
    public static final Duration DEFAULT_LATENCY = Duration.ZERO;
    /** Default fate of the users' change events: delivered. */
    public static final WebhookDelivery DEFAULT_WEBHOOK_DELIVERY = WebhookDelivery.DELIVER;

    /** Checks the ranges. */
    public SimulatorSettings {
        if (users < 0 || users > ClerkSimulator.MAX_USERS_PER_ADD) {
            throw new IllegalArgumentException("users must be between 0 and " + ClerkSimulator.MAX_USERS_PER_ADD);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (userWriteLimit < 0) {
            throw new IllegalArgumentException("userWriteLimit must be 0 (no limit) or more");
        }
        Objects.requireNonNull(webhookDelivery, "webhookDelivery");
    }

    /**
     * Settings with Clerk's per-user write limit ({@value #DEFAULT_USER_WRITE_LIMIT} per 10 s) and webhooks
     * delivered (sent only if the simulator has a {@link WebhookTarget}).
     */
    public SimulatorSettings(int users, long seed, Duration latency, int rateLimit) {
        this(users, seed, latency, rateLimit, DEFAULT_USER_WRITE_LIMIT, DEFAULT_WEBHOOK_DELIVERY);
    }

    /** The defaults, the {@code DEFAULT_*} constants. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(DEFAULT_USERS, DEFAULT_SEED, DEFAULT_LATENCY, DEFAULT_RATE_LIMIT);
    }
}
