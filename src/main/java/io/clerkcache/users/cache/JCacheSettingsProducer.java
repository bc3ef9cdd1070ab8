package io.clerkcache.users.cache;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.clerkcache.jcache.JCacheSettings;

/**
 * Feeds the JCache interceptors' settings from MicroProfile Config (the interceptor library itself does not depend on
 * MicroProfile).
 *
 * <ul>
 * <li>{@code clerk.cache.single-flight} (default {@code true}): concurrent misses of one user in this JVM make one
 * Clerk call.</li>
 * <li>{@code clerk.cache.single-flight-timeout} (default {@code 20s}): how long a request waits for another's load
 * of the same user before loading itself; about as long as a Clerk read with its retries may take
 * ({@code clerk.read-timeout} 5 s, 2 retries, backoff), so that a slow Clerk is not asked again by every waiter.</li>
 * <li>{@code clerk.cache.error-log-interval} (default {@code 60s}): at most one WARNING per cache and operation
 * in this interval while the cache backend fails; the others are counted and logged at FINE.</li>
 * </ul>
 */
@ApplicationScoped
public class JCacheSettingsProducer {

    @Inject
    @ConfigProperty(name = "clerk.cache.single-flight", defaultValue = "true")
    boolean singleFlight;

    @Inject
    @ConfigProperty(name = "clerk.cache.single-flight-timeout", defaultValue = "20s")
    Duration singleFlightTimeout;

    @Inject
    @ConfigProperty(name = "clerk.cache.error-log-interval", defaultValue = "60s")
    Duration errorLogInterval;

    @Produces
    @Singleton
    JCacheSettings settings() {
        return JCacheSettings.defaults()
                .withSingleFlight(singleFlight)
                .withSingleFlightTimeout(singleFlightTimeout)
                .withErrorLogInterval(errorLogInterval);
    }
}
