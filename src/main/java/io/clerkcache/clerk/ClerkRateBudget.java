package io.clerkcache.clerk;

import java.time.Duration;

/**
 * The budget of requests to Clerk: at most {@code clerk.rate-limit.requests} per {@code clerk.rate-limit.window}, and
 * none while a 429's {@code Retry-After} applies. Every request the client sends takes a permit first
 * ({@link #acquire}), waiting a bounded time for one rather than failing; a 429 that still arrives blocks the budget
 * for its {@code Retry-After} and lowers the rate for about a minute ({@link #blockFor}).
 *
 * <p>Two implementations: {@link LocalClerkRateBudget} counts this JVM's requests, and the Redis one of
 * {@code io.clerkcache.users.cache} counts those of every instance sharing the caches' key prefix (and falls back to
 * a local pace while Redis does not answer). Both pace the requests ({@link RatePacer}: a small burst, then one
 * request per interval, reserved in arrival order) so that in any interval of one window at most the limit's requests
 * go out, as Clerk's sliding window counts them, and a caller waits about one interval rather than a whole window.
 */
public interface ClerkRateBudget {

    /** {@link State#mode()} of a budget counted in Redis for all instances. */
    String SHARED = "shared";
    /** {@link State#mode()} of a budget counted in this JVM. */
    String LOCAL = "local";
    /** {@link State#mode()} of a shared budget counting locally while Redis does not answer. */
    String LOCAL_FALLBACK = "local-fallback";

    /**
     * Takes {@code permits} requests from the budget, waiting at most {@code maxWait} for them: reserves their turn
     * and sleeps until it. Gives up at once (without sleeping or taking anything) when their turn is beyond
     * {@code maxWait}. An interrupt ends the wait (the flag stays set; the reserved turn is not given back). A caller
     * that slept until its turn is refused if a 429 arrived meanwhile ({@link #blockedFor}; the turn is spent).
     *
     * @return {@link Duration#ZERO} when the permits were taken; otherwise how long until they might be (the block
     *         left, after a 429), never zero
     */
    Duration acquire(int permits, Duration maxWait);

    /** How long a 429's {@code Retry-After} still blocks every request; {@link Duration#ZERO} when none does. */
    Duration blockedFor();

    /**
     * Clerk answered 429 asking to wait {@code retryAfter}: no request goes out until then (a shorter wait never
     * shortens a longer one), and the rate is lowered for a while (halved, recovering within a minute).
     */
    void blockFor(Duration retryAfter);

    /** Where the budget is counted now: {@link #SHARED}, {@link #LOCAL} or {@link #LOCAL_FALLBACK}. */
    String mode();

    /** The budget now, for the stats endpoint. */
    State state();

    /**
     * The budget now.
     *
     * @param mode            {@link #SHARED}, {@link #LOCAL} or {@link #LOCAL_FALLBACK}
     * @param requests        the configured limit per window
     * @param window          the window
     * @param currentRequests the limit in force: lower than {@code requests} for a while after a 429
     * @param blockedFor      how long a 429 still blocks every request
     */
    record State(String mode, int requests, Duration window, int currentRequests, Duration blockedFor) {
    }
}
