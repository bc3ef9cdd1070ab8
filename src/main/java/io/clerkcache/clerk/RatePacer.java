package io.clerkcache.clerk;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.LongSupplier;

/**
 * Paces requests within a limit per window, in this JVM: GCRA (the generic cell rate algorithm) with reservations,
 * with Retry-After blocking and a temporary slowdown. The algorithm of {@link LocalClerkRateBudget}, and the same one
 * the Redis budget runs as a script. Thread-safe (synchronized: a reservation is a few arithmetic operations).
 *
 * <p>With the limit in force {@code L} per window {@code W}: {@code burst = max(1, floor(L / 20))} requests may go at
 * once, and after them one every {@code interval = ceil(W / max(1, L - burst))} milliseconds (whole milliseconds,
 * rounded up so that the bound below holds exactly). The state is one theoretical arrival time {@code tat}. A request
 * of {@code p} permits arriving at {@code now} may go at
 * {@code t* = max(start, tat + (p - 1) * interval - (burst - 1) * interval)} (a {@code tat} in the past counts as
 * {@code now}), where {@code start} is {@code now} or the
 * end of a 429's block, whichever is later. If {@code t* - now} is within the caller's wait, the reservation is taken at
 * once ({@code tat = max(tat, t*) + p * interval}) and the caller sleeps until {@code t*}: no polling, and callers go
 * in the order they reserved. Otherwise nothing is taken and the caller learns how long it would have needed.
 *
 * <p>The bound: while the limit in force does not change, any closed interval of time {@code [a, a + T]} holds at
 * most {@code burst + floor(T / interval)} permits' start times. For {@code T = W} and {@code L >= 2} that is at most
 * {@code L} (a half-open window {@code [a, a + W)} holds at most {@code L - 1}); for {@code L = 1} one request per
 * half-open window (two may lie exactly {@code W} apart). A 429 lowers the limit in force ({@link #rateLimited}),
 * which lengthens the interval.
 */
public final class RatePacer {

    /** How long a lowered rate takes to recover from 0 to the full limit (linearly). */
    public static final Duration RECOVERY = Duration.ofMinutes(1);
    /** The lowest share of the limit a series of 429s lowers the rate to. */
    public static final double MIN_FACTOR = 0.1;
    /** 429s within this time of a slowdown do not lower the rate again: one burst of 429s is one signal. */
    public static final Duration SLOWDOWN_QUIET = Duration.ofSeconds(1);
    /** The burst is the limit's share {@code 1 / BURST_DIVISOR} (at least one request). */
    public static final int BURST_DIVISOR = 20;

    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private long tat = Long.MIN_VALUE;
    private long blockedUntil;
    private double factor = 1;
    private long factorAt = Long.MIN_VALUE;

    /**
     * @param limit  requests per window
     * @param window the window
     * @param clock  milliseconds now
     */
    public RatePacer(int limit, Duration window, LongSupplier clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** The requests that may go at once under the limit in force {@code limit}. */
    public static int burst(int limit) {
        return Math.max(1, limit / BURST_DIVISOR);
    }

    /** The milliseconds between requests beyond the burst, under the limit in force {@code limit}. */
    public static long intervalMillis(int limit, long windowMillis) {
        long paced = Math.max(1, limit - burst(limit));
        return Math.max(1, (windowMillis + paced - 1) / paced);
    }

    /**
     * Reserves {@code permits} if they may go within {@code maxWaitMillis}.
     *
     * @param maxWaitMillis the longest the caller would wait; negative: never take, only say the time needed
     * @return {@code >= 0}: taken, the milliseconds until they may go (the caller sleeps that long);
     *         {@code < 0}: nothing taken, minus the milliseconds they would have needed (at least 1)
     */
    public synchronized long reserve(int permits, long maxWaitMillis) {
        long now = clock.getAsLong();
        int current = currentLimit(now);
        long interval = intervalMillis(current, windowMillis);
        long start = Math.max(now, blockedUntil);
        // A past TAT counts as now: an idle pacer lets a burst go, never more.
        long from = Math.max(tat, now);
        long at = Math.max(start, from + (long) (permits - burst(current)) * interval);
        long wait = at - now;
        if (wait > maxWaitMillis) {
            return -Math.max(1, wait);
        }
        tat = Math.max(from, at) + permits * interval;
        return wait;
    }

    /** Milliseconds a 429 still blocks; 0 when none does. */
    public synchronized long blockedMillis() {
        return Math.max(0, blockedUntil - clock.getAsLong());
    }

    /** A 429 asking to wait {@code retryAfterMillis}: block, and lower the rate (see the class constants). */
    public synchronized void rateLimited(long retryAfterMillis) {
        long now = clock.getAsLong();
        blockedUntil = Math.max(blockedUntil, now + Math.max(0, retryAfterMillis));
        if (factorAt != Long.MIN_VALUE && now - factorAt < SLOWDOWN_QUIET.toMillis()) {
            return;
        }
        factor = Math.max(MIN_FACTOR, factor(now) / 2);
        factorAt = now;
    }

    /** The limit in force now. */
    public synchronized int currentLimit() {
        return currentLimit(clock.getAsLong());
    }

    /** The configured limit. */
    public int limit() {
        return limit;
    }

    private int currentLimit(long now) {
        double f = factor(now);
        return f >= 1 ? limit : Math.max(1, (int) Math.floor(limit * f));
    }

    private double factor(long now) {
        if (factorAt == Long.MIN_VALUE) {
            return 1;
        }
        return Math.min(1, factor + (double) (now - factorAt) / RECOVERY.toMillis());
    }

    /** The caller's wait as {@link #reserve}'s {@code maxWaitMillis}: negative when interrupted (never take then). */
    public static long maxWaitMillis(Duration maxWait) {
        if (Thread.currentThread().isInterrupted()) {
            return -1;
        }
        try {
            return Math.max(0, maxWait.toMillis());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * Settles a reservation for the caller, as both budgets do: a refusal answers at once; a reservation taken sleeps
     * until its time. A caller that slept is refused after all when a 429 arrived meanwhile ({@code blockedMillis}
     * then says for how long every request is blocked): its turn was reserved before Clerk asked everyone to wait.
     *
     * @param reservation   what {@link #reserve} (or the Redis script) answered
     * @param blockedMillis how long a 429 still blocks every request, asked only after a sleep
     * @return as {@link ClerkRateBudget#acquire}: {@link Duration#ZERO} once the permits may go; the time needed when
     *         refused, or the sleep left when interrupted (the interrupt stays set; the reservation is not given back)
     */
    public static Duration settle(long reservation, LongSupplier blockedMillis) {
        if (reservation < 0) {
            return Duration.ofMillis(-reservation);
        }
        if (reservation == 0) {
            return Duration.ZERO;
        }
        long end = System.nanoTime() + reservation * 1_000_000;
        try {
            Thread.sleep(reservation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Duration.ofMillis(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        long blocked = blockedMillis.getAsLong();
        return blocked > 0 ? Duration.ofMillis(blocked) : Duration.ZERO;
    }
}
