package io.clerkcache.clerk;

import java.time.Duration;
import java.util.Optional;

/**
 * The time left for everything the current thread does on behalf of one lookup: its Clerk calls and their retries,
 * its waits for a rate-budget token or a free Clerk connection, its waits for another caller's load, its batch
 * chunks. Started by whoever owns the lookup ({@code try (CallDeadline d = CallDeadline.start(budget)) { ... }}) and
 * read by everything below it; a deadline started inside another keeps the earlier end of the two.
 *
 * <p>Without a deadline (code that started none) {@link #remaining()} is unbounded and the callers' own timeouts
 * apply alone.
 */
public final class CallDeadline implements AutoCloseable {

    private static final ThreadLocal<CallDeadline> CURRENT = new ThreadLocal<>();

    private final long endNanos;
    private final CallDeadline previous;

    private CallDeadline(long endNanos, CallDeadline previous) {
        this.endNanos = endNanos;
        this.previous = previous;
    }

    /**
     * Starts a deadline {@code budget} from now for the current thread, or keeps the enclosing one if it ends earlier.
     * Close it (try-with-resources) to restore the enclosing deadline.
     *
     * @throws IllegalArgumentException if {@code budget} is not positive
     */
    public static CallDeadline start(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a deadline must be positive: " + budget);
        }
        CallDeadline enclosing = CURRENT.get();
        long end = System.nanoTime() + saturatedNanos(budget);
        if (enclosing != null && enclosing.endNanos - end < 0) {
            end = enclosing.endNanos;
        }
        CallDeadline deadline = new CallDeadline(end, enclosing);
        CURRENT.set(deadline);
        return deadline;
    }

    /** The current thread's deadline, if a lookup started one. */
    public static Optional<CallDeadline> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The time the current thread has left: {@link Duration#ZERO} once its deadline has passed, and a very long time
     * (about 292 years) when there is no deadline.
     */
    public static Duration remaining() {
        CallDeadline d = CURRENT.get();
        return d == null ? Duration.ofNanos(Long.MAX_VALUE) : d.left();
    }

    /** {@code wanted}, shortened to the current thread's remaining time. */
    public static Duration bound(Duration wanted) {
        Duration left = remaining();
        return wanted.compareTo(left) > 0 ? left : wanted;
    }

    /** Whether the current thread has a deadline and it has passed. */
    public static boolean expired() {
        CallDeadline d = CURRENT.get();
        return d != null && d.left().isZero();
    }

    /** The time left on this deadline, never negative. */
    public Duration left() {
        long left = endNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Restores the enclosing deadline (or none). */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }
}
