package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import io.clerkcache.config.Settings;

class ClerkConfigTest {

    private static final String DEMO = "clerk.demo-mode";

    private static ClerkConfig config(Map<String, String> values) {
        return new ClerkConfig(TestConfigs.config(values));
    }

    private static IllegalArgumentException invalid(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> config(values));
    }

    @Test
    void read_demoModeOn_documentedDefaultsAndTheSimulatorUrl() {
        ClerkConfig config = config(Map.of("clerk.demo-mode", "true"));

        assertTrue(config.demoMode());
        assertEquals(URI.create("https://api.clerk.com/v1"), config.apiUrl());
        assertEquals(URI.create("http://127.0.0.1:9080/simulator/v1"), config.baseUrl());
        assertEquals("2026-05-12", config.apiVersion());
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(Duration.ofSeconds(5), config.readTimeout());
        assertEquals(2, config.readRetries());
        assertEquals(Duration.ofMillis(100), config.retryBackoff());
        assertEquals(ClerkConfig.DEMO_SECRET_KEY, config.bearerToken());
    }

    @Test
    void read_simulatorUrlUnset_followsLibertysHttpPort() {
        ClerkConfig config = config(Map.of(DEMO, "true", "http.port", "9181"));

        assertEquals(URI.create("http://127.0.0.1:9181/simulator/v1"), config.simulatorUrl());
        assertEquals(URI.create("http://10.0.0.7:8080/simulator/v1"), config(Map.of(DEMO, "true", "http.port", "9181",
                "clerk.simulator.url", "http://10.0.0.7:8080/simulator/v1")).simulatorUrl());
    }

    @Test
    void read_noKeyAndNoDemoMode_refusedSayingWhatToSet() {
        for (Map<String, String> values : List.of(Map.<String, String>of(), Map.of("clerk.secret-key", "  "),
                Map.of("clerk.demo-mode", "false"), Map.of("clerk.demo-mode", ""))) {
            IllegalArgumentException e = invalid(values);

            assertTrue(e.getMessage().contains("clerk.secret-key"), e.getMessage());
            assertTrue(e.getMessage().contains("CLERK_SECRET_KEY"), e.getMessage());
            assertTrue(e.getMessage().contains("clerk.demo-mode=true"), e.getMessage());
        }
    }

    @Test
    void read_demoModeAndSecretKey_refusedWithoutShowingTheKey() {
        IllegalArgumentException e = invalid(Map.of("clerk.demo-mode", "true", "clerk.secret-key", TestConfigs.SECRET));

        assertTrue(e.getMessage().contains("clerk.demo-mode"), e.getMessage());
        assertFalse(e.getMessage().contains(TestConfigs.SECRET), e.getMessage());
    }

    @Test
    void read_demoModeNeitherTrueNorFalse_refusedNotGuessed() {
        for (String typo : List.of("yes", "1", "ture", "on")) {
            IllegalArgumentException e = invalid(Map.of("clerk.demo-mode", typo));

            assertTrue(e.getMessage().contains("clerk.demo-mode"), e.getMessage());
        }
        assertTrue(config(Map.of("clerk.demo-mode", " TRUE ")).demoMode());
    }

    @Test
    void read_secretKeyWithPlainHttpToAnotherHost_refused() {
        for (String url : List.of("http://api.clerk.com/v1", "http://10.0.0.5:8080/v1", "http://128.0.0.1/v1",
                "http://localhost.example.com/v1", "http://[::2]/v1")) {
            IllegalArgumentException e = invalid(Map.of("clerk.secret-key", TestConfigs.SECRET, "clerk.api-url", url));

            assertTrue(e.getMessage().contains("clerk.api-url"), e.getMessage());
            assertFalse(e.getMessage().contains(TestConfigs.SECRET), e.getMessage());
        }
    }

    @Test
    void read_secretKeyWithPlainHttpToLoopback_accepted() {
        for (String url : List.of("http://127.0.0.1:9999/v1", "http://127.1.2.3/v1", "http://localhost:8080/v1",
                "http://LOCALHOST/v1", "http://[::1]:9999/v1")) {
            ClerkConfig config = config(Map.of("clerk.secret-key", TestConfigs.SECRET, "clerk.api-url", url));

            assertEquals(URI.create(url), config.baseUrl());
        }
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
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.api-url", "api.clerk.com/v1")).getMessage()
                .contains("clerk.api-url"));
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.api-url", "ftp://api.clerk.com")).getMessage()
                .contains("clerk.api-url"));
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.simulator.url", "http://[bad")).getMessage()
                .contains("clerk.simulator.url"));
    }

    @Test
    void read_durations_unitsBareSecondsAndIso_parsed() {
        ClerkConfig config = config(Map.of(DEMO, "true", "clerk.connect-timeout", "750ms", "clerk.read-timeout",
                "PT3S", "clerk.retry-backoff", "1"));

        assertEquals(Duration.ofMillis(750), config.connectTimeout());
        assertEquals(Duration.ofSeconds(3), config.readTimeout());
        assertEquals(Duration.ofSeconds(1), config.retryBackoff());
        assertEquals(Duration.ofMinutes(2), Settings.parseDuration("k", "2m"));
        assertEquals(Duration.ofDays(1), Settings.parseDuration("k", "1d"));
    }

    @Test
    void read_durations_malformedOrZeroTimeout_errorNamesKey() {
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.read-timeout", "soon")).getMessage().contains("clerk.read-timeout"));
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.connect-timeout", "0s")).getMessage().contains("clerk.connect-timeout"));
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.read-timeout", "PT-1S")).getMessage().contains("clerk.read-timeout"));
    }

    @Test
    void read_readRetries_outOfRangeOrText_errorNamesKey() {
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.read-retries", "-1")).getMessage().contains("clerk.read-retries"));
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.read-retries", "11")).getMessage().contains("clerk.read-retries"));
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.read-retries", "two")).getMessage().contains("clerk.read-retries"));
    }

    @Test
    void read_apiVersion_notADate_errorNamesKey() {
        assertTrue(invalid(Map.of(DEMO, "true", "clerk.api-version", "latest")).getMessage().contains("clerk.api-version"));
    }

    @Test
    void read_budgetAndBulkhead_defaultsAndValues() {
        ClerkConfig defaults = config(Map.of(DEMO, "true"));
        assertEquals(900, defaults.rateLimitRequests());
        assertEquals(Duration.ofSeconds(10), defaults.rateLimitWindow());
        assertEquals(Duration.ofSeconds(1), defaults.rateLimitMaxWait());
        assertEquals(32, defaults.maxConcurrentCalls());
        assertEquals(Duration.ofMillis(100), defaults.bulkheadWait());

        ClerkConfig set = config(Map.of(DEMO, "true", "clerk.rate-limit.requests", "90", "clerk.rate-limit.window",
                "5s", "clerk.rate-limit.max-wait", "0s", "clerk.max-concurrent-calls", "4", "clerk.bulkhead-wait",
                "1s"));
        assertEquals(90, set.rateLimitRequests());
        assertEquals(Duration.ofSeconds(5), set.rateLimitWindow());
        assertEquals(Duration.ZERO, set.rateLimitMaxWait());
        assertEquals(4, set.maxConcurrentCalls());
        assertEquals(Duration.ofSeconds(1), set.bulkheadWait());
    }

    @Test
    void read_budgetOrBulkheadOutOfRange_refusedNamingTheKey() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("clerk.rate-limit.requests", "0"),
                Map.entry("clerk.rate-limit.window", "10ms"), Map.entry("clerk.rate-limit.window", "0s"),
                Map.entry("clerk.max-concurrent-calls", "0"), Map.entry("clerk.bulkhead-wait", "soon"))) {
            IllegalArgumentException e = invalid(Map.of(DEMO, "true", bad.getKey(), bad.getValue()));

            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }
}
