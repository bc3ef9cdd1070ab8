package io.clerkcache.simulator;

import java.time.Clock;

/**
 * Clerk's rate limit as the simulator applies it: a fixed window of {@link ClerkSimulator#RATE_WINDOW} for the whole
 * instance. A call over budget is told how many seconds remain in its window ({@code Retry-After}).
 */
final class RateLimits {

    private static final long WINDOW_MILLIS = ClerkSimulator.RATE_WINDOW.toMillis();

    private final Clock clock;
    private final Window instance = new Window();
    private volatile int instanceLimit;

    RateLimits(Clock clock, int instanceLimit) {
        this.clock = clock;
        this.instanceLimit = instanceLimit;
    }

    /** 0 if the call fits the instance's budget, otherwise the seconds until its window ends (at least 1). */
    long admit() {
        return instance.admit(clock.millis(), instanceLimit);
    }

    int instanceLimit() {
        return instanceLimit;
    }

    /** Changes the instance's limit (0 or less: none) and starts a new window. */
    void setInstanceLimit(int callsPerWindow) {
        synchronized (instance) {
            instanceLimit = callsPerWindow;
            instance.clear();
        }
    }

    /** Starts new windows. */
    void reset() {
        synchronized (instance) {
            instance.clear();
        }
    }

    /** One fixed window: its start and the calls admitted in it. */
    private static final class Window {
        private long start = Long.MIN_VALUE;
        private int calls;

        synchronized long admit(long now, int limit) {
            if (limit <= 0) {
                return 0;
            }
            if (start == Long.MIN_VALUE || now >= start + WINDOW_MILLIS) {
                start = now;
                calls = 0;
            }
            if (calls < limit) {
                calls++;
                return 0;
            }
            long remaining = start + WINDOW_MILLIS - now;
            return Math.max(1, (remaining + 999) / 1000);
        }

        synchronized void clear() {
            start = Long.MIN_VALUE;
            calls = 0;
        }
    }
}
