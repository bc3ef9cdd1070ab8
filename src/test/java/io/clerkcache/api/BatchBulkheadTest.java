package io.clerkcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clerkcache.config.MapConfig;
import io.clerkcache.users.AdmissionConfig;

class BatchBulkheadTest {

    @Test
    void run_allSlotsTaken_refusedAt503WithRetryAfterWithoutRunning() {
        BatchBulkhead bulkhead = new BatchBulkhead(2);

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
    void run_slotFreedAfterABatchEndsOrFails_nextOneAdmitted() {
        BatchBulkhead bulkhead = new BatchBulkhead(1);

        assertThrows(IllegalStateException.class, () -> bulkhead.run(() -> {
            throw new IllegalStateException("the batch failed");
        }));
        assertEquals("second", bulkhead.run(() -> "first".isEmpty() ? "" : "second"));
        assertEquals(0, bulkhead.running());
        assertEquals(0, bulkhead.refused());
    }

    @Test
    void run_whileRunning_countedAsRunning() {
        BatchBulkhead bulkhead = new BatchBulkhead(3);

        assertEquals(1, (int) bulkhead.run(bulkhead::running));
    }

    @Test
    void create_lessThanOne_refusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchBulkhead(
                new AdmissionConfig(MapConfig.of(Map.of("clerk.cache.batch-max-concurrent", "0")))));

        assertEquals(true, e.getMessage().contains("clerk.cache.batch-max-concurrent"));
    }
}
