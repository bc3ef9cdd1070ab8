package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clerkcache.config.MapConfig;

/** The admission limits' settings: defaults, the forms accepted, and refusals naming the key. */
class AdmissionConfigTest {

    private static AdmissionConfig config(Map<String, String> values) {
        return new AdmissionConfig(MapConfig.of(values));
    }

    @Test
    void read_noKeys_defaults() {
        AdmissionConfig config = config(Map.of());

        assertEquals(AdmissionConfig.DEFAULT_CALLER_RATE, config.callerRate());
        assertEquals(AdmissionConfig.DEFAULT_CALLER_BURST, config.callerBurst());
        assertEquals(AdmissionConfig.DEFAULT_BATCH_MAX_CONCURRENT, config.batchMaxConcurrent());
        assertEquals(AdmissionConfig.DEFAULT_BATCH_WAIT, config.batchWait());
    }

    @Test
    void read_batchWait_durationOrZero() {
        assertEquals(Duration.ofMillis(250), config(Map.of("clerk.cache.batch-wait", "250ms")).batchWait());
        assertEquals(Duration.ZERO, config(Map.of("clerk.cache.batch-wait", "0s")).batchWait());
    }

    @Test
    void read_fractionalRateZeroRateAndBlanks_accepted() {
        assertEquals(0.01, config(Map.of("clerk.caller-limit.rate", " 0.01 ")).callerRate());
        assertEquals(0, config(Map.of("clerk.caller-limit.rate", "0")).callerRate());
        assertEquals(7, config(Map.of("clerk.caller-limit.burst", "7", "clerk.cache.batch-max-concurrent", " "))
                .callerBurst());
    }

    @Test
    void read_malformedOrOutOfRange_refusedNamingKeyAndEnvironmentVariable() {
        for (Map<String, String> bad : List.of(Map.of("clerk.caller-limit.rate", "-1"),
                Map.of("clerk.caller-limit.rate", "NaN"), Map.of("clerk.caller-limit.rate", "Infinity"),
                Map.of("clerk.caller-limit.rate", "fast"), Map.of("clerk.caller-limit.burst", "0"),
                Map.of("clerk.caller-limit.burst", "1.5"), Map.of("clerk.cache.batch-max-concurrent", "0"),
                Map.of("clerk.cache.batch-wait", "soon"))) {
            String key = bad.keySet().iterator().next();

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(bad), key);

            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertTrue(e.getMessage().contains(key.toUpperCase().replace('.', '_').replace('-', '_')), e.getMessage());
        }
    }
}
