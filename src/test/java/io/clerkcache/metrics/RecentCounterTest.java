package io.clerkcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentCounterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RecentCounter counter = new RecentCounter(now::get);

    @Test
    void lastMinute_countsEventsOfTheLast60SecondsOnly() {
        counter.increment();
        counter.increment();
        now.addAndGet(30_000);
        counter.increment();
        assertEquals(3, counter.lastMinute());

        now.addAndGet(30_000); // the first two are 60 s old now
        assertEquals(1, counter.lastMinute());
        now.addAndGet(30_000);
        assertEquals(0, counter.lastMinute());
    }

    @Test
    void increment_bucketOfAnOlderMinute_startsFromZero() {
        counter.increment();
        now.addAndGet(60_000); // the same bucket, a minute later
        counter.increment();

        assertEquals(1, counter.lastMinute());
    }
}
