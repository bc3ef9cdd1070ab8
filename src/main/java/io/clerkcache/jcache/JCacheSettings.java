package io.clerkcache.jcache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

/**
 * Settings of the caching annotations, with no MicroProfile dependency.
 *
 * <p>The library uses {@link #defaults()} unless the application provides a bean of this type, for example:
 * <pre>{@code
 * @Produces @Singleton
 * JCacheSettings jcacheSettings() {
 *     return JCacheSettings.defaults().withSingleFlightTimeout(Duration.ofSeconds(2));
 * }
 * }</pre>
 * (a record cannot be proxied, so use {@code @Singleton} or {@code @Dependent}, not {@code @ApplicationScoped}).
 * The settings are read once, when the library is first used.
 *
 * @param singleFlight        whether concurrent {@code @CacheResult} misses of the same key in this JVM run the
 *                            method once and share its result or exception. Default {@code true}.
 * @param singleFlightTimeout how long a waiting caller waits for the running load. When it passes, the waiter
 *                            stops waiting and runs the method itself (counted as a single-flight timeout); it
 *                            never gets an exception because of the wait. Default 10 s; must be positive.
 * @param sharedInvalidation  whether an invalidation leaves an {@link InvalidationMarker} in the cache instead of
 *                            removing the entry, so that loads in flight in other JVMs sharing the cache cannot
 *                            write an older copy back (see {@link LoadingCache}). Code that reads such a cache
 *                            directly sees the markers. Default {@code true}; caches typed to a value class never
 *                            get markers.
 * @param errorLogInterval    at most one WARNING per cache and operation is logged in this interval for backend
 *                            failures; the others are logged at FINE and counted. Default 60 s.
 * @param cacheConfiguration  the configuration used to create a cache on demand when the application's
 *                            {@code CacheManager} does not have it. Default: a plain {@link MutableConfiguration}
 *                            (store-by-value, no expiry). Providers such as Redisson need their own configuration
 *                            here (e.g. {@code RedissonConfiguration.fromInstance(client, base)}).
 */
public record JCacheSettings(
        boolean singleFlight,
        Duration singleFlightTimeout,
        boolean sharedInvalidation,
        Duration errorLogInterval,
        Function<String, Configuration<Object, Object>> cacheConfiguration) {

    /** The default single-flight wait bound. */
    public static final Duration DEFAULT_SINGLE_FLIGHT_TIMEOUT = Duration.ofSeconds(10);
    /** The default interval between two WARNING log lines for the same cache and operation. */
    public static final Duration DEFAULT_ERROR_LOG_INTERVAL = Duration.ofSeconds(60);

    /** Validates the settings. */
    public JCacheSettings {
        requireNonNull(singleFlightTimeout, "singleFlightTimeout");
        requireNonNull(errorLogInterval, "errorLogInterval");
        requireNonNull(cacheConfiguration, "cacheConfiguration");
        if (singleFlightTimeout.isNegative() || singleFlightTimeout.isZero()) {
            throw new IllegalArgumentException("singleFlightTimeout must be positive: " + singleFlightTimeout);
        }
        if (errorLogInterval.isNegative()) {
            throw new IllegalArgumentException("errorLogInterval must not be negative: " + errorLogInterval);
        }
    }

    /** The defaults described on each component. */
    public static JCacheSettings defaults() {
        return new JCacheSettings(true, DEFAULT_SINGLE_FLIGHT_TIMEOUT, true, DEFAULT_ERROR_LOG_INTERVAL,
                name -> new MutableConfiguration<>());
    }

    /** A copy with single flight switched on or off. */
    public JCacheSettings withSingleFlight(boolean enabled) {
        return new JCacheSettings(enabled, singleFlightTimeout, sharedInvalidation, errorLogInterval,
                cacheConfiguration);
    }

    /** A copy with another single-flight wait bound. */
    public JCacheSettings withSingleFlightTimeout(Duration timeout) {
        return new JCacheSettings(singleFlight, timeout, sharedInvalidation, errorLogInterval, cacheConfiguration);
    }

    /** A copy with shared invalidation (markers in place of removed entries) switched on or off. */
    public JCacheSettings withSharedInvalidation(boolean enabled) {
        return new JCacheSettings(singleFlight, singleFlightTimeout, enabled, errorLogInterval, cacheConfiguration);
    }

    /** A copy with another rate limit for backend-error WARNING lines. */
    public JCacheSettings withErrorLogInterval(Duration interval) {
        return new JCacheSettings(singleFlight, singleFlightTimeout, sharedInvalidation, interval, cacheConfiguration);
    }

    /** A copy with another configuration for caches created on demand. */
    public JCacheSettings withCacheConfiguration(Function<String, Configuration<Object, Object>> configuration) {
        return new JCacheSettings(singleFlight, singleFlightTimeout, sharedInvalidation, errorLogInterval,
                configuration);
    }
}
