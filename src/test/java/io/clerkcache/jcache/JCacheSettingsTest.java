package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JCacheSettingsTest {

    @Test
    void defaults_documentedValues() {
        JCacheSettings settings = JCacheSettings.defaults();

        assertTrue(settings.singleFlight());
        assertEquals(Duration.ofSeconds(10), settings.singleFlightTimeout());
        assertTrue(settings.sharedInvalidation());
        assertEquals(Duration.ofSeconds(60), settings.errorLogInterval());
        assertTrue(settings.cacheConfiguration().apply("any").isStoreByValue(), "the JCache default");
    }

    @Test
    void withSharedInvalidation_off_changesOnlyThatSetting() {
        JCacheSettings base = JCacheSettings.defaults().withSingleFlight(false)
                .withSingleFlightTimeout(Duration.ofSeconds(3)).withErrorLogInterval(Duration.ofSeconds(5));

        JCacheSettings local = base.withSharedInvalidation(false);

        assertFalse(local.sharedInvalidation());
        assertEquals(base, local.withSharedInvalidation(true));
    }

    @Test
    void singleFlightTimeout_zeroOrNegative_rejected() {
        assertThrows(IllegalArgumentException.class,
                () -> JCacheSettings.defaults().withSingleFlightTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> JCacheSettings.defaults().withSingleFlightTimeout(Duration.ofSeconds(-1)));
    }

    @Test
    void errorLogInterval_negative_rejected() {
        assertThrows(IllegalArgumentException.class,
                () -> JCacheSettings.defaults().withErrorLogInterval(Duration.ofSeconds(-1)));
    }
}
