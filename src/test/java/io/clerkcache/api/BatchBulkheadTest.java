package io.clerkcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.clerkcache.config.MapConfig;
import io.clerkcache.users.AdmissionConfig;

class BatchBulkheadTest {

    @Test
    void run_allSlotsTaken_refusedAt503WithRetryAfterWithoutRunning() {
        BatchBulkhead bulkhead = new BatchBulkhead(2, Duration.ZERO);

        ProblemException refused = bulkhead.run(() -> bulkhead.run(() -> assertThrows(ProblemException.class,
                () -> bulkhead.run(() -> {
                    throw new AssertionError("a third batch ran");
                }))));

        assertEquals(503, refused.problem().status());
        assertEquals("urn:clerk-cache:problem:batches-busy", refused.problem().type());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(1, bulkhead.refused());
    }

    @Test
    void run_allSlotsTaken_waitsForTheSlotARunningBatchFrees() throws Exception {
        BatchBulkhead bulkhead = new BatchBulkhead(1, Duration.ofSeconds(30));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> bulkhead.run(() -> {
                started.countDown();
                await(finish);
                return "first";
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Future<String> second = pool.submit(() -> bulkhead.run(() -> "second"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bulkhead.waiting() < 1) {
                assertTrue(System.nanoTime() < deadline, "the second batch never waited for the slot");
                Thread.onSpinWait();
            }
            assertFalse(second.isDone(), "the second batch waits while the first holds the only slot");

            finish.countDown();

            assertEquals("first", first.get(10, TimeUnit.SECONDS));
            assertEquals("second", second.get(10, TimeUnit.SECONDS));
            assertEquals(0, bulkhead.refused());
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void run_slotNotFreedWithinTheWait_refused() {
        BatchBulkhead bulkhead = new BatchBulkhead(1, Duration.ofMillis(50));

        ProblemException refused = bulkhead.run(() -> assertThrows(ProblemException.class,
                () -> bulkhead.run(() -> {
                    throw new AssertionError("a second batch ran");
                })));

        assertEquals(503, refused.problem().status());
        assertEquals(1, bulkhead.refused());
        assertEquals(0, bulkhead.running());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void run_slotFreedAfterABatchEndsOrFails_nextOneAdmitted() {
        BatchBulkhead bulkhead = new BatchBulkhead(1, Duration.ZERO);

        assertThrows(IllegalStateException.class, () -> bulkhead.run(() -> {
            throw new IllegalStateException("the batch failed");
        }));
        assertEquals("second", bulkhead.run(() -> "first".isEmpty() ? "" : "second"));
        assertEquals(0, bulkhead.running());
        assertEquals(0, bulkhead.refused());
    }

    @Test
    void run_whileRunning_countedAsRunning() {
        BatchBulkhead bulkhead = new BatchBulkhead(3, Duration.ZERO);

        assertEquals(1, (int) bulkhead.run(bulkhead::running));
    }

    @Test
    void create_lessThanOne_refusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchBulkhead(
                new AdmissionConfig(MapConfig.of(Map.of("clerk.cache.batch-max-concurrent", "0")))));

        assertEquals(true, e.getMessage().contains("clerk.cache.batch-max-concurrent"));
    }
}
