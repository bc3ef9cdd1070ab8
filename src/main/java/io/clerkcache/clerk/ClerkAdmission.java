package io.clerkcache.clerk;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.clerkcache.metrics.Recorder;

/**
 * What a request to Clerk must get before it is sent: a permit of the {@link ClerkRateBudget} (waiting at most
 * {@code clerk.rate-limit.max-wait}) and a slot of the bulkhead ({@code clerk.max-concurrent-calls}, waiting at most
 * {@code clerk.bulkhead-wait}), neither wait beyond the thread's {@link CallDeadline}. Refusals are the client's
 * exceptions, thrown before any request.
 */
final class ClerkAdmission {

    private final ClerkConfig config;
    private final Recorder stats;
    private final ClerkRateBudget budget;
    private final Semaphore slots;

    ClerkAdmission(ClerkConfig config, Recorder stats, ClerkRateBudget budget) {
        this.config = config;
        this.stats = stats;
        this.budget = budget;
        this.slots = new Semaphore(config.maxConcurrentCalls());
    }

    /** Takes one request from the rate budget, waiting at most {@code clerk.rate-limit.max-wait} and the deadline. */
    void takePermit(ClerkOperation operation) {
        long start = System.nanoTime();
        Duration refused = budget.acquire(1, CallDeadline.bound(config.rateLimitMaxWait()));
        if (!refused.isZero()) {
            stats.clerkRefusedLocally();
            throw new ClerkRateLimitedException(operation, refused);
        }
        stats.clerkBudgetAcquired(budget.mode(), System.nanoTime() - start);
    }

    /** Takes a slot of the bulkhead, waiting at most {@code clerk.bulkhead-wait} and the deadline. */
    void enterBulkhead(ClerkOperation operation) {
        boolean entered;
        try {
            entered = slots.tryAcquire(CallDeadline.bound(config.bulkheadWait()).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClerkUnavailableException(operation, 0, null, null, "interrupted", e);
        }
        if (!entered) {
            stats.clerkBulkheadRefused();
            throw new ClerkUnavailableException(operation, 0, null, null, "not called: bulkhead full, "
                    + config.maxConcurrentCalls() + " requests to Clerk in flight (clerk.max-concurrent-calls)", null);
        }
    }

    static ClerkUnavailableException deadlinePassed(ClerkOperation operation) {
        return new ClerkUnavailableException(operation, 0, null, null, "not called: the lookup's deadline passed",
                null);
    }

    /** Gives back the slot {@link #enterBulkhead} took. */
    void leaveBulkhead() {
        slots.release();
    }
}
