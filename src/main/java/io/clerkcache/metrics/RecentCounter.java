package io.clerkcache.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * How many events happened in the last minute: 60 one-second buckets, each stamped with its second so that a bucket
 * left from an older minute counts for nothing. Lock-free; cheap enough to count every Clerk call.
 */
public final class RecentCounter {

    private static final int SECONDS = 60;

    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);
    private final LongSupplier millis;

    /** A counter on the system clock. */
    public RecentCounter() {
        this(System::currentTimeMillis);
    }

    /** A counter on {@code millis} (tests move it). */
    public RecentCounter(LongSupplier millis) {
        this.millis = millis;
    }

    /** Counts one event now. */
    public void increment() {
        long second = millis.getAsLong() / 1000;
        int i = (int) (second % SECONDS);
        long stamp = stamps.get(i);
        if (stamp != second) {
            // first event of this second in this bucket: whoever wins the stamp resets the count
            if (stamps.compareAndSet(i, stamp, second)) {
                counts.set(i, 0);
            }
        }
        counts.incrementAndGet(i);
    }

    /** Events in the last 60 seconds (this second included). */
    public long lastMinute() {
        long now = millis.getAsLong() / 1000;
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - stamps.get(i) < SECONDS) {
                sum += counts.get(i);
            }
        }
        return sum;
    }
}
