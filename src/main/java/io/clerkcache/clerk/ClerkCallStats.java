package io.clerkcache.clerk;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the HTTP requests the client sent to Clerk (every attempt, retries included) and of their notable
 * outcomes, for the ops layer, the benchmark and tests. Counters only grow until {@link #reset()}.
 */
@ApplicationScoped
public class ClerkCallStats {

    private final Map<ClerkOperation, LongAdder> calls = new EnumMap<>(ClerkOperation.class);
    private final LongAdder retries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder rejectedLocally = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final RecentCounter recent = new RecentCounter();
    private volatile long lastAnsweredAt;
    private volatile long lastFailedAt;
    private volatile String lastFailure;

    /** Creates zeroed counters. */
    public ClerkCallStats() {
        for (ClerkOperation operation : ClerkOperation.values()) {
            calls.put(operation, new LongAdder());
        }
    }

    /** HTTP requests sent to Clerk, all operations. */
    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** HTTP requests sent to Clerk for {@code operation}. */
    public long calls(ClerkOperation operation) {
        return calls.get(operation).sum();
    }

    /** HTTP requests per operation (every operation present, zero included). */
    public Map<ClerkOperation, Long> callsByOperation() {
        Map<ClerkOperation, Long> snapshot = new EnumMap<>(ClerkOperation.class);
        calls.forEach((operation, count) -> snapshot.put(operation, count.sum()));
        return snapshot;
    }

    /** Requests that were repeats of a failed read. */
    public long retries() {
        return retries.sum();
    }

    /** 429 answers received. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** Calls refused without contacting Clerk because an earlier 429 still applied. */
    public long rejectedLocally() {
        return rejectedLocally.sum();
    }

    /** Operations that ended in {@link ClerkUnavailableException}. */
    public long unavailable() {
        return unavailable.sum();
    }

    /** When Clerk last answered a request (any answer but a failure below), epoch ms; 0 if never. */
    public long lastAnsweredAt() {
        return lastAnsweredAt;
    }

    /** When a request last failed (5xx, timeout, connection error, 429, credentials refused), epoch ms; 0 if never. */
    public long lastFailedAt() {
        return lastFailedAt;
    }

    /** Why the last failure happened (no secrets, no user data), or {@code null}. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Sets every counter back to zero. */
    public void reset() {
        calls.values().forEach(LongAdder::reset);
        retries.reset();
        rateLimited.reset();
        rejectedLocally.reset();
        unavailable.reset();
    }

    void recordAnswered() {
        lastAnsweredAt = System.currentTimeMillis();
    }

    void recordFailed(String reason) {
        lastFailure = reason;
        lastFailedAt = System.currentTimeMillis();
    }

    /** HTTP requests sent to Clerk in the last 60 seconds. */
    public long callsLastMinute() {
        return recent.lastMinute();
    }

    void recordCall(ClerkOperation operation) {
        calls.get(operation).increment();
        recent.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    void recordRateLimited() {
        rateLimited.increment();
    }

    void recordRejectedLocally() {
        rejectedLocally.increment();
    }

    void recordUnavailable() {
        unavailable.increment();
    }
}
