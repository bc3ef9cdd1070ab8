package io.clerkcache.clerk;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM-local rate budget: after a 429 every call fails fast until the {@code Retry-After} time has passed. Clerk
 * limits per instance (secret key), not per endpoint in a way callers can rely on, so the block covers all calls.
 */
@ApplicationScoped
public class LocalClerkRateBudget implements ClerkRateBudget {

    private final Clock clock;
    private final AtomicLong blockedUntilMillis = new AtomicLong();

    /** Uses the system clock. */
    public LocalClerkRateBudget() {
        this(Clock.systemUTC());
    }

    /** Uses {@code clock} to measure the blocked window (tests pass a controllable clock). */
    public LocalClerkRateBudget(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Duration blockedFor() {
        long remaining = blockedUntilMillis.get() - clock.millis();
        return remaining > 0 ? Duration.ofMillis(remaining) : Duration.ZERO;
    }

    @Override
    public void blockFor(Duration retryAfter) {
        long until = clock.millis() + Math.max(0, retryAfter.toMillis());
        // Concurrent 429s: the latest deadline wins, a shorter one never shortens the block.
        blockedUntilMillis.accumulateAndGet(until, Math::max);
    }
}
