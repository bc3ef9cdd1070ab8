package io.clerkcache.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.jcache.internal.JCacheExtension;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import io.clerkcache.users.AdmissionConfig;
import io.clerkcache.users.RequestMemo;
import io.clerkcache.users.RequestMemos;
import io.clerkcache.users.RemoteAddressCallerKeys;
import io.clerkcache.users.RequestOrigin;
import io.clerkcache.users.UpstreamLimiter;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.JCacheSettingsProducer;
import io.clerkcache.metrics.RecordingCacheObserver;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;
import io.smallrye.config.inject.ConfigExtension;

/**
 * The application's beans from the Clerk client up to the security layer in a real CDI container (Weld SE, real
 * MicroProfile Config, the project's JCache library on Caffeine), against the simulator over real HTTP, with a clock
 * the test moves. Configuration is passed as system properties, as the server's environment would.
 */
final class SecurityContainer implements AutoCloseable {

    /** The container's clock: one static, since the producer is a bean class. */
    static final TestClock CLOCK = new TestClock();

    /** Replaces the application's ClockProducer. */
    @ApplicationScoped
    public static class TestClockProducer {
        @Produces
        Clock clock() {
            return CLOCK;
        }
    }

    final SimulatorHttpServer clerk;
    final WeldContainer container;
    private final Map<String, String> properties = new HashMap<>();

    SecurityContainer(Map<String, String> settings) {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig()); // drop another test's config
        clerk = new SimulatorHttpServer(new ClerkSimulator(new SimulatorSettings(60, 42, Duration.ZERO, 0), CLOCK,
                millis -> { }));
        properties.put("clerk.secret-key", "sk_test_security");
        properties.put("clerk.api-url", clerk.baseUrl().toString());
        properties.put("clerk.cache.key-prefix", "security-test:" + UUID.randomUUID() + ":");
        properties.putAll(settings);
        properties.forEach(System::setProperty);
        container = new Weld()
                .disableDiscovery()
                .addExtension(new JCacheExtension())
                .addExtension(new ConfigExtension())
                .addBeanClasses(ClerkConfig.class, io.clerkcache.metrics.Recorder.class, LocalClerkRateBudget.class,
                        ClerkClient.class, UserCacheConfig.class, UserCaches.class, io.clerkcache.users.cache.UserFreshness.class,
                io.clerkcache.users.cache.EntryRandom.class, io.clerkcache.users.cache.RedisOutages.class, JCacheSettingsProducer.class,
                        RecordingCacheObserver.class, RequestMemos.class, RequestMemo.class, UserDirectory.class, io.clerkcache.users.cache.UserCacheWrites.class,
                io.clerkcache.users.cache.UserTagIndex.class,
                        RequestOrigin.class, UpstreamLimiter.class, AdmissionConfig.class,
                        RemoteAddressCallerKeys.class,
                        IdentityCallerKeys.class, TestClockProducer.class,
                        AuthConfig.class, AccessPolicy.class, ApiKeys.class, SigningKeys.class,
                        SessionTokenVerifier.class, Authenticator.class, CurrentCaller.class, AccessRules.class)
                .initialize();
    }

    <T> T get(Class<T> type) {
        return container.select(type).get();
    }

    ClerkSimulator simulator() {
        return clerk.simulator();
    }

    /** HTTP requests Clerk (the simulator) received so far. */
    int clerkRequests() {
        return clerk.requests().size();
    }

    /** Runs {@code work} in a request context of its own (a request of the application), as {@code caller}. */
    <T> T inRequest(Caller caller, Supplier<T> work) {
        RequestContextController request = get(RequestContextController.class);
        request.activate();
        try {
            if (caller != null) {
                get(CurrentCaller.class).set(caller);
            }
            return work.get();
        } finally {
            request.deactivate();
        }
    }

    @Override
    public void close() {
        try {
            container.close();
        } finally {
            ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
            properties.keySet().forEach(System::clearProperty);
            clerk.close();
        }
    }
}
