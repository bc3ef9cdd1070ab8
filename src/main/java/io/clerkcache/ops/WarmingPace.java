package io.clerkcache.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkUnavailableException;

/**
 * Lets warming's Clerk calls out one at a time, so that warming never spends the budget live lookups need: at most
 * {@code clerk.warm.rate} calls per second for all warmings of this instance together, never while Clerk's rate limit
 * blocks calls ({@link ClerkRateBudget#blockedFor()}: waited out), and after a failure of Clerk only after a growing
 * pause. Each call waits at most {@code clerk.warm.max-wait} for the rate limit or for Clerk to answer again, then
 * fails with the last failure; waiting for its turn at the rate does not count, it ends by itself.
 */
final class WarmingPace {

    /** Waits; tests pass one that moves a test clock instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** First pause after Clerk failed; doubled per further failure of the same call, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

    private static final Logger LOG = Logger.getLogger(WarmingPace.class.getName());

    private final ClerkRateBudget budget;
    private final Clock clock;
    private final Sleeper sleeper;
    private final long intervalNanos;
    private final Duration maxWait;
    /** When the next call may go out, in the clock's milliseconds times 1,000,000; guarded by {@code this}. */
    private long nextSlotNanos = Long.MIN_VALUE;

    WarmingPace(ClerkRateBudget budget, Clock clock, Sleeper sleeper, double callsPerSecond, Duration maxWait) {
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.intervalNanos = (long) Math.ceil(1_000_000_000L / callsPerSecond);
        this.maxWait = maxWait;
    }

    /**
     * Runs one Clerk call in its turn: waits for a free slot at the configured rate and for Clerk's rate limit to
     * lift; after a 429 waits for the limit again, after a {@link ClerkUnavailableException} pauses, and calls
     * again, until the call succeeds or {@code clerk.warm.max-wait} would be exceeded.
     *
     * @param operation the Clerk operation {@code call} makes (for the exception when the rate limit outlasts the wait)
     * @throws ClerkRateLimitedException if Clerk's rate limit would still block calls after the longest wait
     * @throws ClerkUnavailableException if Clerk still fails after the longest wait
     * @throws InterruptedException if the thread is interrupted while waiting (the application stops)
     */
    <T> T call(ClerkOperation operation, Supplier<T> call) throws InterruptedException {
        long deadline = clock.millis() + maxWait.toMillis();
        int failures = 0;
        while (true) {
            awaitBudget(operation, deadline);
            awaitSlot();
            awaitBudget(operation, deadline); // another caller's 429 may have closed it meanwhile
            try {
                return call.get();
            } catch (ClerkRateLimitedException e) {
                // The budget blocks now (or, for a 429 it did not record, wait its Retry-After here).
                long wait = Math.max(e.retryAfter().toMillis(), budget.blockedFor().toMillis());
                if (clock.millis() + wait > deadline) {
                    throw e;
                }
                if (budget.blockedFor().isZero() && wait > 0) {
                    sleeper.sleep(Duration.ofMillis(wait));
                }
            } catch (ClerkUnavailableException e) {
                Duration pause = backoff(++failures);
                if (clock.millis() + pause.toMillis() > deadline) {
                    throw e;
                }
                LOG.info(() -> "Cache warming: Clerk did not answer (" + e.getMessage() + "); trying again in "
                        + pause.toMillis() + " ms");
                sleeper.sleep(pause);
            }
        }
    }

    /** Waits while Clerk's rate limit blocks calls; fails at once if it would still block after {@code deadline}. */
    private void awaitBudget(ClerkOperation operation, long deadline) throws InterruptedException {
        for (Duration blocked = budget.blockedFor(); !blocked.isZero(); blocked = budget.blockedFor()) {
            if (clock.millis() + blocked.toMillis() > deadline) {
                throw new ClerkRateLimitedException(operation, blocked);
            }
            Duration wait = blocked;
            LOG.info(() -> "Cache warming: Clerk's rate limit blocks calls for " + wait.toMillis() + " ms; waiting");
            sleeper.sleep(blocked);
        }
    }

    /** Takes the next free slot at the configured rate and waits for it. */
    private void awaitSlot() throws InterruptedException {
        long now = clock.millis() * 1_000_000L;
        long slot;
        synchronized (this) {
            slot = Math.max(now, nextSlotNanos);
            nextSlotNanos = slot + intervalNanos;
        }
        if (slot > now) {
            sleeper.sleep(Duration.ofNanos(slot - now));
        }
    }

    private static Duration backoff(int failures) {
        Duration pause = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 10));
        return pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause;
    }
}
