package io.clerkcache.clerk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * The rate budget of this JVM alone, paced by {@link RatePacer}: the budget where the caches live in memory, and the
 * fallback of the shared one while Redis does not answer. Clerk limits per instance (secret key), not per endpoint
 * in a way callers can rely on, so one budget covers all calls.
 */
@ApplicationScoped
public class LocalClerkRateBudget implements ClerkRateBudget {

    private RatePacer pacer;
    private Duration windowLength;
    private String mode;

    /** The default limit on the system clock (the CDI proxy, tests). */
    public LocalClerkRateBudget() {
        this(Clock.systemUTC());
    }

    /** The configured limit, on the system clock. */
    @Inject
    public LocalClerkRateBudget(ClerkConfig config) {
        this(config.rateLimitRequests(), config.rateLimitWindow(), Clock.systemUTC(), LOCAL);
    }

    /** The default limit ({@value ClerkConfig#DEFAULT_RATE_LIMIT_REQUESTS} per 10 s) on {@code clock} (tests). */
    public LocalClerkRateBudget(Clock clock) {
        this(ClerkConfig.DEFAULT_RATE_LIMIT_REQUESTS, ClerkConfig.DEFAULT_RATE_LIMIT_WINDOW, clock, LOCAL);
    }

    /**
     * @param requests requests per window
     * @param window   the window
     * @param clock    measures the pace and the blocks
     * @param mode     what {@link #mode()} says: {@link #LOCAL}, or {@link #LOCAL_FALLBACK} inside the shared budget
     */
    public LocalClerkRateBudget(int requests, Duration window, Clock clock, String mode) {
        this.pacer = new RatePacer(requests, window, clock::millis);
        this.windowLength = window;
        this.mode = mode;
    }

    @Override
    public Duration acquire(int permits, Duration maxWait) {
        return RatePacer.settle(pacer.reserve(permits, RatePacer.maxWaitMillis(maxWait)), pacer::blockedMillis);
    }

    @Override
    public Duration blockedFor() {
        return Duration.ofMillis(pacer.blockedMillis());
    }

    @Override
    public void blockFor(Duration retryAfter) {
        pacer.rateLimited(retryAfter.toMillis());
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public State state() {
        return new State(mode, pacer.limit(), windowLength, pacer.currentLimit(), blockedFor());
    }
}
