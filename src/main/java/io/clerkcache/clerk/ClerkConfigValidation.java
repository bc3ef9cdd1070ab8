package io.clerkcache.clerk;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the Clerk settings while the container validates the deployment, so that a server without a secret key (and
 * without demo mode), or with a malformed setting, fails to deploy with the message of {@link ClerkConfig} as a
 * deployment problem: the server reports the application as failed (Liberty: {@code CWWKZ0002E}) instead of starting
 * it and failing later.
 */
public class ClerkConfigValidation implements Extension {

    /**
     * First of all the observers of this event, and failing by throwing (a deployment problem too, but one that ends
     * the event's delivery): the other extensions never act on a deployment that will not start. WildFly's health
     * extension registers the deployment's checks in this event, and keeps those of a failed deployment registered,
     * answering DOWN, until the server restarts.
     */
    void validate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) AfterDeploymentValidation validation) {
        new ClerkConfig(ConfigProvider.getConfig(ClerkConfigValidation.class.getClassLoader()));
    }
}
