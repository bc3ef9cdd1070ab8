package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.webhook.WebhookConfig;
import io.smallrye.config.inject.ConfigExtension;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The beans wired by a real CDI container (Weld SE) with real MicroProfile Config, reading the application's own
 * {@code META-INF/microprofile-config.properties}: demo mode switched on explicitly, simulator URL from
 * {@code http.port}, the start-up observers run.
 *
 * <p>Plain Weld SE rather than weld-junit5: with JUnit 5.14, weld-junit5 4.0.3 fails every test on "Failed to close
 * extension context" (the container is shut down twice).
 */
class DemoModeCdiTest {

    private static WeldContainer container;

    @BeforeAll
    static void boot() {
        assumeTrue(System.getenv("CLERK_SECRET_KEY") == null, "demo mode cannot be tested with CLERK_SECRET_KEY set");
        System.setProperty("clerk.demo-mode", "true");
        System.setProperty("http.port", "9281");
        System.setProperty("clerk.simulator.users", "12");
        container = new Weld()
                .disableDiscovery()
                .addExtension(new ConfigExtension())
                .addBeanClasses(ClerkConfig.class, io.clerkcache.metrics.Recorder.class, LocalClerkRateBudget.class,
                        ClerkClient.class, WebhookConfig.class, SimulatorConfig.class, SimulatorService.class)
                .initialize();
    }

    @AfterAll
    static void shutdown() {
        if (container == null) {
            return;
        }
        container.close();
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
        System.clearProperty("clerk.demo-mode");
        System.clearProperty("http.port");
        System.clearProperty("clerk.simulator.users");
    }

    @Test
    void startup_demoModeOn_simulatorOnHttpPort() {
        ClerkConfig config = container.select(ClerkConfig.class).get();

        assertTrue(config.demoMode());
        assertEquals(URI.create("http://127.0.0.1:9281/simulator/v1"), config.baseUrl());
        assertEquals(12, container.select(SimulatorService.class).get().simulator().orElseThrow().userCount());
    }

    @Test
    void beans_demoMode_resolvedAsApplicationScopedSingletons() {
        SimulatorService service = container.select(SimulatorService.class).get();

        assertSame(service.simulator().orElseThrow(), container.select(SimulatorService.class).get().simulator()
                .orElseThrow());
        assertTrue(container.select(ClerkRateBudget.class).get().blockedFor().isZero());
        assertTrue(container.select(ClerkClient.class).isResolvable());
    }

    @Test
    void startup_demoMode_webhooksGoToTheServicesEndpoint() {
        ClerkSimulator simulator = container.select(SimulatorService.class).get().simulator().orElseThrow();

        assertEquals(URI.create("http://127.0.0.1:9281/api/webhooks/clerk"), simulator.webhooks().targetUrl()
                .orElseThrow());
        assertEquals(WebhookDelivery.DELIVER, simulator.webhooks().delivery());
    }
}
