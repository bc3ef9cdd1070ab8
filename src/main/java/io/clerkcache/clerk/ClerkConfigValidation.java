package io.clerkcache.clerk;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the Clerk settings while the container validates the deployment, so that a server without a secret key (and
 * without demo mode), or with a malformed setting, fails to deploy with the message of {@link ClerkConfig} as a
 * deployment problem: the server reports the application as failed (Liberty: {@code CWWKZ0002E}) instead of starting
 * it and failing later.
 */
public class ClerkConfigValidation implements Extension {

    void validate(@Observes AfterDeploymentValidation validation) {
        try {
            new ClerkConfig(ConfigProvider.getConfig(ClerkConfigValidation.class.getClassLoader()));
        } catch (IllegalArgumentException e) {
            validation.addDeploymentProblem(e);
        }
    }
}
