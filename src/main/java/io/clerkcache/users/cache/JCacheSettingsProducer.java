package io.clerkcache.users.cache;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.config.Settings;
import io.clerkcache.jcache.JCacheSettings;

/**
 * Feeds the JCache interceptors' settings from MicroProfile Config (the interceptor library itself does not depend on
 * MicroProfile); this class is the only reader of these keys. Their defaults are the library's
 * ({@link JCacheSettings#defaults()}) except where {@code DEFAULT_*} constants here say otherwise; the README's
 * configuration table documents them.
 *
 * <ul>
 * <li>{@code clerk.cache.single-flight}: concurrent misses of one user in this JVM make one Clerk call.</li>
 * <li>{@code clerk.cache.single-flight-timeout}: how long a request waits for another's load of the same user before
 * loading itself.</li>
 * <li>{@code clerk.cache.error-log-interval}: at most one WARNING per cache and operation in this interval while the
 * cache backend fails; the others are counted and logged at FINE.</li>
 * </ul>
 */
@ApplicationScoped
public class JCacheSettingsProducer {

    /**
     * Default of {@code clerk.cache.single-flight-timeout}, longer than the library's: about as long as a Clerk read
     * with its retries may take (5 s read timeout, 2 retries, backoff), so that a slow Clerk is not asked again by
     * every waiter.
     */
    public static final Duration DEFAULT_SINGLE_FLIGHT_TIMEOUT = Duration.ofSeconds(20);

    @Produces
    @Singleton
    JCacheSettings settings(Config config) {
        return read(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    public static JCacheSettings read(Settings settings) {
        JCacheSettings defaults = JCacheSettings.defaults();
        return defaults
                .withSingleFlight(settings.bool("clerk.cache.single-flight", defaults.singleFlight()))
                .withSingleFlightTimeout(settings.positiveDuration("clerk.cache.single-flight-timeout",
                        DEFAULT_SINGLE_FLIGHT_TIMEOUT))
                .withErrorLogInterval(settings.duration("clerk.cache.error-log-interval",
                        defaults.errorLogInterval()));
    }
}
