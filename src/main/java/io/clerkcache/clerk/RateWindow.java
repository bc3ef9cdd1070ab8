package io.clerkcache.clerk;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A sliding-window request count with Retry-After blocking and a temporary slowdown, in this JVM: the algorithm of
 * {@link LocalClerkRateBudget}, and the same one the Redis budget runs as a script. Thread-safe (synchronized: a take
 * is a few deque operations).
 */
public final class RateWindow {

    /** How long a lowered rate takes to recover from 0 to the full limit (linearly). */
    public static final Duration RECOVERY = Duration.ofMinutes(1);
    /** The lowest share of the limit a series of 429s lowers the rate to. */
    public static final double MIN_FACTOR = 0.1;
    /** 429s within this time of a slowdown do not lower the rate again: one burst of 429s is one signal. */
    public static final Duration SLOWDOWN_QUIET = Duration.ofSeconds(1);

    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final ArrayDeque<Long> taken = new ArrayDeque<>();
    private long blockedUntil;
    private double factor = 1;
    private long factorAt = Long.MIN_VALUE;

    /**
     * @param limit  requests per window
     * @param window the window
     * @param clock  milliseconds now
     */
    public RateWindow(int limit, Duration window, LongSupplier clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /**
     * Takes {@code permits} if they are free now.
     *
     * @return 0 when taken; otherwise the milliseconds until they might be free (at least 1)
     */
    public synchronized long tryTake(int permits) {
        long now = clock.getAsLong();
        if (blockedUntil > now) {
            return blockedUntil - now;
        }
        int current = currentLimit(now);
        while (!taken.isEmpty() && taken.peekFirst() <= now - windowMillis) {
            taken.pollFirst();
        }
        int used = taken.size();
        if (used + permits <= current) {
            for (int i = 0; i < permits; i++) {
                taken.addLast(now);
            }
            return 0;
        }
        if (permits > current) {
            return windowMillis;
        }
        // The permits are free once enough of the oldest takes have left the window.
        int mustExpire = used + permits - current;
        long at = 0;
        var it = taken.iterator();
        for (int i = 0; i < mustExpire && it.hasNext(); i++) {
            at = it.next();
        }
        return Math.max(1, at + windowMillis - now);
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

    /**
     * Waits for permits: {@code tryTake} until it succeeds, sleeping the time it says, giving up once that time would
     * pass {@code maxWait}. The loop of both budgets.
     *
     * @param tryTake takes the permits: 0 when taken, else milliseconds until they might be free
     * @return as {@link ClerkRateBudget#acquire}
     */
    public static Duration await(LongSupplier tryTake, Duration maxWait) {
        long end = System.nanoTime() + Math.max(0, saturatedNanos(maxWait));
        while (true) {
            long wait = tryTake.getAsLong();
            if (wait == 0) {
                return Duration.ZERO;
            }
            long left = end - System.nanoTime();
            if (wait * 1_000_000 > left || Thread.currentThread().isInterrupted()) {
                return Duration.ofMillis(wait);
            }
            try {
                // A little jitter, so that waiters woken together do not all ask for the same freed request.
                Thread.sleep(wait + java.util.concurrent.ThreadLocalRandom.current().nextLong(1 + wait / 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Duration.ofMillis(wait);
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }
}
