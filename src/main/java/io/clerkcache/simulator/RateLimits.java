package io.clerkcache.simulator;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clerk's rate limits as the simulator applies them, in fixed windows of {@link ClerkSimulator#RATE_WINDOW}: one for
 * the whole instance, and one per user id for that user's writes (Clerk: "user and metadata updates additionally 10 /
 * 10 s per user"). A call over budget is told how many seconds remain in its window ({@code Retry-After}).
 */
final class RateLimits {

    private static final long WINDOW_MILLIS = ClerkSimulator.RATE_WINDOW.toMillis();
    /** Beyond this many users' windows, ended ones are dropped, so that writes to many users do not pile up. */
    private static final int USER_WINDOWS_KEPT = 10_000;

    private final Clock clock;
    private final Window instance = new Window();
    private final Map<String, Window> userWindows = new ConcurrentHashMap<>();
    private volatile int instanceLimit;
    private volatile int userWriteLimit;

    RateLimits(Clock clock, int instanceLimit, int userWriteLimit) {
        this.clock = clock;
        this.instanceLimit = instanceLimit;
        this.userWriteLimit = userWriteLimit;
    }

    /** 0 if the call fits the instance's budget, otherwise the seconds until its window ends (at least 1). */
    long admit() {
        return instance.admit(clock.millis(), instanceLimit);
    }

    /** 0 if a write to {@code userId} fits that user's budget, otherwise the seconds until its window ends. */
    long admitUserWrite(String userId) {
        int limit = userWriteLimit;
        if (limit <= 0) {
            return 0;
        }
        long now = clock.millis();
        long[] wait = new long[1];
        userWindows.compute(userId, (id, window) -> {
            Window w = window == null ? new Window() : window;
            wait[0] = w.admit(now, limit);
            return w;
        });
        if (userWindows.size() > USER_WINDOWS_KEPT) {
            for (String id : userWindows.keySet()) {
                userWindows.computeIfPresent(id, (k, w) -> w.endedBy(now) ? null : w);
            }
        }
        return wait[0];
    }

    int userWriteLimit() {
        return userWriteLimit;
    }

    /** Changes the per-user write limit (0 or less: none) and forgets the users' windows. */
    void setUserWriteLimit(int writesPerWindow) {
        userWriteLimit = writesPerWindow;
        userWindows.clear();
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
        userWindows.clear();
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

        synchronized boolean endedBy(long now) {
            return start == Long.MIN_VALUE || now >= start + WINDOW_MILLIS;
        }

        synchronized void clear() {
            start = Long.MIN_VALUE;
            calls = 0;
        }
    }
}
