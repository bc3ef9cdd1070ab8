package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.BackendOperation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs cache backend failures at most once per cache, operation and interval at WARNING (the rest at FINE), so a
 * backend that is down does not flood the log; the count held back is told with the next WARNING.
 */
final class FailureLog {

    private static final Logger LOG = Logger.getLogger("io.clerkcache.jcache");

    private final long intervalNanos;
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    FailureLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    void log(String cacheName, BackendOperation operation, RuntimeException error) {
        Gate gate = gates.computeIfAbsent(cacheName + '\u0000' + operation, k -> new Gate());
        long suppressed = gate.tryOpen(intervalNanos);
        if (suppressed < 0) {
            LOG.log(Level.FINE, error, () -> "Cache " + cacheName + ": " + operation + " failed");
            return;
        }
        String reaction = switch (operation) {
            case GET, GET_ALL, RESOLVE -> "treated as a miss";
            case PUT, PUT_ALL, PUT_IF_ABSENT, REPLACE -> "write skipped";
            case REMOVE, REMOVE_ALL, INVALIDATE -> "thrown to the caller";
        };
        LOG.log(Level.WARNING, error, () -> "Cache " + cacheName + ": " + operation + " failed (" + reaction + ")"
                + (suppressed > 0 ? "; " + suppressed + " similar failures since the last warning" : "")
                + ": " + error);
    }

    /** Lets one WARNING through per interval and counts the ones it holds back. */
    private static final class Gate {
        private final AtomicLong lastOpened = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong suppressed = new AtomicLong();

        /** The number of failures held back since the last opening if the gate opens now, else -1. */
        long tryOpen(long intervalNanos) {
            long now = System.nanoTime();
            long last = lastOpened.get();
            if ((last == Long.MIN_VALUE || now - last >= intervalNanos) && lastOpened.compareAndSet(last, now)) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }
    }
}
