package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.webhook.WebhookConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.clerkcache.webhook.WebhookSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class SimulatorServiceTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    private static SimulatorService service(Map<String, String> values) {
        Config config = config(values);
        ClerkConfig clerk = new ClerkConfig(config);
        return new SimulatorService(clerk, new WebhookConfig(config, clerk), new SimulatorConfig(config, clerk));
    }

    /** The simulator's settings from {@code values}, in demo mode. */
    private static SimulatorConfig simulatorConfig(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("clerk.demo-mode", "true");
        Config config = config(all);
        return new SimulatorConfig(config, new ClerkConfig(config));
    }

    private static SimulatorSettings settings(Map<String, String> values) {
        return simulatorConfig(values).settings();
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
        assertEquals(SimulatorSettings.defaults(), settings(Map.of()));
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

    @Test
    void settings_webhookDelivery_readAndDefaultDeliver() {
        assertEquals(WebhookDelivery.DELIVER, settings(Map.of()).webhookDelivery());
        assertEquals(WebhookDelivery.HOLD, settings(Map.of(
                "clerk.simulator.webhook-delivery", " Hold ")).webhookDelivery());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(
                Map.of("clerk.simulator.webhook-delivery", "sometimes")));
        assertTrue(e.getMessage().contains("clerk.simulator.webhook-delivery"), e.getMessage());
    }

    @Test
    void webhookUrl_unset_theWebhookEndpointOfTheServerTheSimulatorUrlNames() {
        assertEquals(URI.create("http://127.0.0.1:9181/app/api/webhooks/clerk"), simulatorConfig(Map.of(
                "clerk.simulator.url", "http://127.0.0.1:9181/app/simulator/v1/")).webhookUrl());
        assertEquals(URI.create("https://hooks.example.com/in"), simulatorConfig(Map.of(
                "clerk.simulator.webhook-url", " https://hooks.example.com/in ")).webhookUrl());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> simulatorConfig(Map.of(
                "clerk.simulator.webhook-url", "http://[bad"))).getMessage().contains("clerk.simulator.webhook-url"));
    }

    @Test
    void create_demoMode_changesDeliveredToTheWebhookUrlSignedWithWebhookConfigsSecret() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Config config = config(Map.of("clerk.demo-mode", "true", "clerk.simulator.users", "3",
                    "clerk.simulator.webhook-url", receiver.url().toString()));
            ClerkConfig clerk = new ClerkConfig(config);
            WebhookConfig webhookConfig = new WebhookConfig(config, clerk);
            SimulatorService service = new SimulatorService(clerk, webhookConfig, new SimulatorConfig(config, clerk));
            try {
                ClerkSimulator simulator = service.simulator().orElseThrow();
                simulator.removeUser(simulator.userIds().get(0));

                RecordedRequest delivery = receiver.await(1).get(0);

                assertTrue(webhookConfig.secretDerivedForDemo());
                new WebhookSignature(webhookConfig.secret().orElseThrow(), Clock.systemUTC(),
                        WebhookSignature.DEFAULT_TOLERANCE).verify(delivery.header("svix-id"),
                        delivery.header("svix-timestamp"), delivery.header("svix-signature"),
                        delivery.body().getBytes(StandardCharsets.UTF_8));
                assertEquals(Optional.of(receiver.url()), simulator.webhooks().targetUrl());
            } finally {
                service.stop();
            }
        }
    }

    @Test
    void create_configuredWebhookSecret_usedForSigning() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Config config = config(Map.of("clerk.demo-mode", "true", "clerk.simulator.users", "2",
                    "clerk.simulator.webhook-url", receiver.url().toString(),
                    "clerk.webhook-secret", SimulatorWebhooksTest.SECRET));
            ClerkConfig clerk = new ClerkConfig(config);
            SimulatorService service = new SimulatorService(clerk, new WebhookConfig(config, clerk),
                    new SimulatorConfig(config, clerk));
            try {
                ClerkSimulator simulator = service.simulator().orElseThrow();
                simulator.addUsers(1);

                RecordedRequest delivery = receiver.await(1).get(0);

                new WebhookSignature(SimulatorWebhooksTest.SECRET, Clock.systemUTC(),
                        WebhookSignature.DEFAULT_TOLERANCE).verify(delivery.header("svix-id"),
                        delivery.header("svix-timestamp"), delivery.header("svix-signature"),
                        delivery.body().getBytes(StandardCharsets.UTF_8));
            } finally {
                service.stop();
            }
        }
    }
}
