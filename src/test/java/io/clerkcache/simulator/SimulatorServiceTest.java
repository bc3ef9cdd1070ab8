package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.clerk.ClerkConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class SimulatorServiceTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    private static SimulatorService service(Map<String, String> values) {
        Config config = config(values);
        return new SimulatorService(new ClerkConfig(config), config);
    }

    @Test
    void create_demoMode_simulatorSeededWithConfiguredSettings() {
        SimulatorService service = service(Map.of("clerk.demo-mode", "true", "clerk.simulator.users", "20", "clerk.simulator.latency", "15ms",
                "clerk.simulator.rate-limit", "100", "clerk.simulator.seed", "7", "clerk.simulator.user-write-limit", "3"));

        ClerkSimulator simulator = service.simulator().orElseThrow();
        assertEquals(20, simulator.userCount());
        assertEquals(Duration.ofMillis(15), simulator.latency());
        assertEquals(100, simulator.rateLimit());
        assertEquals(7, simulator.settings().getInt("seed"));
        assertEquals(3, simulator.userWriteLimit());
    }

    @Test
    void settings_noKeys_documentedDefaults() {
        assertEquals(SimulatorSettings.defaults(), SimulatorService.settings(config(Map.of())));
        assertEquals(new SimulatorSettings(500, 42, Duration.ZERO, 1000), SimulatorSettings.defaults());
        assertEquals(10, SimulatorSettings.defaults().userWriteLimit());
    }

    @Test
    void create_secretKey_noSimulator() {
        assertTrue(service(Map.of("clerk.secret-key", "sk_live_abc")).simulator().isEmpty());
    }

    @Test
    void create_malformedSetting_errorNamesKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service(Map.of("clerk.demo-mode", "true", "clerk.simulator.users", "many")));
        assertTrue(e.getMessage().contains("clerk.simulator.users"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> service(Map.of("clerk.demo-mode", "true", "clerk.simulator.rate-limit", "-5"))).getMessage()
                .contains("clerk.simulator.rate-limit"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> service(Map.of("clerk.demo-mode", "true", "clerk.simulator.user-write-limit", "-1"))).getMessage()
                .contains("clerk.simulator.user-write-limit"));
    }
}
