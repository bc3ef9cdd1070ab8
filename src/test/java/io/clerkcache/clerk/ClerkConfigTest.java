package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClerkConfigTest {

    private static ClerkConfig config(Map<String, String> values) {
        return new ClerkConfig(TestConfigs.config(values));
    }

    private static IllegalArgumentException invalid(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> config(values));
    }

    @Test
    void read_noKeys_demoModeWithDocumentedDefaults() {
        ClerkConfig config = config(Map.of());

        assertTrue(config.demoMode());
        assertEquals(URI.create("https://api.clerk.com/v1"), config.apiUrl());
        assertEquals(URI.create(ClerkConfig.DEFAULT_SIMULATOR_URL), config.baseUrl());
        assertEquals("2026-05-12", config.apiVersion());
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(Duration.ofSeconds(5), config.readTimeout());
        assertEquals(2, config.readRetries());
        assertEquals(Duration.ofMillis(100), config.retryBackoff());
        assertEquals(ClerkConfig.DEMO_SECRET_KEY, config.bearerToken());
    }

    @Test
    void read_blankSecretKey_demoMode() {
        assertTrue(config(Map.of("clerk.secret-key", "  ")).demoMode());
    }

    @Test
    void read_secretKey_liveModeAgainstApiUrlWithoutTrailingSlash() {
        ClerkConfig config = config(Map.of("clerk.secret-key", TestConfigs.SECRET,
                "clerk.api-url", "https://clerk.example.com/v1/"));

        assertFalse(config.demoMode());
        assertEquals(URI.create("https://clerk.example.com/v1"), config.baseUrl());
        assertEquals(TestConfigs.SECRET, config.bearerToken());
        assertFalse(config.toString().contains(TestConfigs.SECRET), config.toString());
    }

    @Test
    void read_secretKey_notSkPrefixed_errorNamesKeyNotValue() {
        IllegalArgumentException e = invalid(Map.of("clerk.secret-key", "pk_test_publishable_oops"));

        assertTrue(e.getMessage().contains("clerk.secret-key"), e.getMessage());
        assertTrue(e.getMessage().contains("CLERK_SECRET_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("publishable_oops"), e.getMessage());
    }

    @Test
    void read_apiUrl_malformed_errorNamesKey() {
        assertTrue(invalid(Map.of("clerk.api-url", "api.clerk.com/v1")).getMessage().contains("clerk.api-url"));
        assertTrue(invalid(Map.of("clerk.api-url", "ftp://api.clerk.com")).getMessage().contains("clerk.api-url"));
        assertTrue(invalid(Map.of("clerk.simulator.url", "http://[bad")).getMessage()
                .contains("clerk.simulator.url"));
    }

    @Test
    void read_durations_unitsBareSecondsAndIso_parsed() {
        ClerkConfig config = config(Map.of("clerk.connect-timeout", "750ms", "clerk.read-timeout", "PT3S",
                "clerk.retry-backoff", "1"));

        assertEquals(Duration.ofMillis(750), config.connectTimeout());
        assertEquals(Duration.ofSeconds(3), config.readTimeout());
        assertEquals(Duration.ofSeconds(1), config.retryBackoff());
        assertEquals(Duration.ofMinutes(2), ClerkConfig.parseDuration("k", "2m"));
        assertEquals(Duration.ofDays(1), ClerkConfig.parseDuration("k", "1d"));
    }

    @Test
    void read_durations_malformedOrZeroTimeout_errorNamesKey() {
        assertTrue(invalid(Map.of("clerk.read-timeout", "soon")).getMessage().contains("clerk.read-timeout"));
        assertTrue(invalid(Map.of("clerk.connect-timeout", "0s")).getMessage().contains("clerk.connect-timeout"));
        assertTrue(invalid(Map.of("clerk.read-timeout", "PT-1S")).getMessage().contains("clerk.read-timeout"));
    }

    @Test
    void read_readRetries_outOfRangeOrText_errorNamesKey() {
        assertTrue(invalid(Map.of("clerk.read-retries", "-1")).getMessage().contains("clerk.read-retries"));
        assertTrue(invalid(Map.of("clerk.read-retries", "11")).getMessage().contains("clerk.read-retries"));
        assertTrue(invalid(Map.of("clerk.read-retries", "two")).getMessage().contains("clerk.read-retries"));
    }

    @Test
    void read_apiVersion_notADate_errorNamesKey() {
        assertTrue(invalid(Map.of("clerk.api-version", "latest")).getMessage().contains("clerk.api-version"));
    }
}
