package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smallrye.config.inject.ConfigExtension;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server with neither a secret key nor demo mode does not start: the application's extension reports the missing
 * key as a deployment problem, with a message that says what to set (Liberty then fails the deployment; the
 * integration tests check that too); without the extension, the client's start-up observer still fails the boot.
 */
class MissingSecretKeyCdiTest {

    @BeforeEach
    @AfterEach
    void freshConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }

    @Test
    void boot_noSecretKeyNoDemoMode_deploymentProblemSayingWhatToSet() {
        assumeTrue(System.getenv("CLERK_SECRET_KEY") == null && System.getenv("CLERK_DEMO_MODE") == null,
                "the environment configures Clerk");
        Weld weld = new Weld().disableDiscovery().addExtension(new ConfigExtension())
                .addExtension(new ClerkConfigValidation());

        DeploymentException e = assertThrows(DeploymentException.class, () -> {
            try (WeldContainer started = weld.initialize()) {
                started.select(ClerkConfig.class).get(); // never reached
            }
        });

        assertSaysWhatToSet(e);
    }

    @Test
    void boot_noSecretKeyNoDemoModeWithoutTheExtension_failsAtTheClientsStart() {
        assumeTrue(System.getenv("CLERK_SECRET_KEY") == null && System.getenv("CLERK_DEMO_MODE") == null,
                "the environment configures Clerk");
        Weld weld = new Weld().disableDiscovery().addExtension(new ConfigExtension())
                .addBeanClasses(ClerkConfig.class, io.clerkcache.metrics.Recorder.class, LocalClerkRateBudget.class, ClerkClient.class);

        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (WeldContainer started = weld.initialize()) {
                started.select(ClerkClient.class).get(); // never reached
            }
        });

        assertSaysWhatToSet(e);
    }

    private static void assertSaysWhatToSet(Throwable e) {
        String messages = messages(e);
        assertTrue(messages.contains("clerk.secret-key"), messages);
        assertTrue(messages.contains("CLERK_SECRET_KEY"), messages);
        assertTrue(messages.contains("clerk.demo-mode=true"), messages);
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
