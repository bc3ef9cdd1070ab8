package io.clerkcache.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The simulator's starting settings.
 *
 * @param users users seeded at start ({@code clerk.simulator.users}, default 500)
 * @param seed random seed of the generated users ({@code clerk.simulator.seed}, default 42)
 * @param latency delay added to every API call ({@code clerk.simulator.latency}, default 0)
 * @param rateLimit API calls allowed per 10 s window ({@code clerk.simulator.rate-limit}, default 1000 like a Clerk
 *        production instance; 0 disables the limit)
 * @param userWriteLimit writes to one user ({@code PATCH /users/{id}}, {@code PATCH /users/{id}/metadata},
 *        {@code DELETE /users/{id}}) allowed per 10 s window ({@code clerk.simulator.user-write-limit}, default 10 like
 *        Clerk; 0 disables the limit)
 * @param webhookDelivery what becomes of the Clerk events the users' changes cause
 *        ({@code clerk.simulator.webhook-delivery}: {@code deliver}, the default, {@code hold} or {@code off})
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
        this(users, seed, latency, rateLimit, DEFAULT_USER_WRITE_LIMIT, WebhookDelivery.DELIVER);
    }

    /** The defaults: 500 users, seed 42, no latency, 1000 calls per 10 s, 10 writes per user and 10 s, webhooks delivered. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(DEFAULT_USERS, DEFAULT_SEED, Duration.ZERO, DEFAULT_RATE_LIMIT);
    }
}
