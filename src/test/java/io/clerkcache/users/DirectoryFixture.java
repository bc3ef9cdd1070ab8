package io.clerkcache.users;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.inject.ConfigExtension;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import io.clerkcache.clerk.ClerkCallStats;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.jcache.internal.JCacheExtension;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import io.clerkcache.users.cache.JCacheSettingsProducer;
import io.clerkcache.users.cache.LookupStats;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * The user directory as the application wires it, in Weld SE with real MicroProfile Config (the application's
 * {@code microprofile-config.properties} under the test's settings), the JCache library, Caffeine or Redis, and the
 * simulator over real HTTP playing Clerk (live mode: a secret key and {@code clerk.api-url}). Time is a
 * {@link TestClock} the test moves.
 */
final class DirectoryFixture implements AutoCloseable {

    static final TestClock CLOCK = new TestClock();

    /** The test's clock instead of the system clock. */
    @ApplicationScoped
    public static class TestClockProducer {
        @Produces
        Clock clock() {
            return CLOCK;
        }
    }

    private final SimulatorHttpServer clerk;
    private final WeldContainer container;

    private DirectoryFixture(int users, Map<String, String> settings, Class<?> callerKeys) {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(users, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0), CLOCK,
                TimeUnit.MILLISECONDS::sleep));
        Map<String, String> all = new HashMap<>();
        all.put("clerk.secret-key", "sk_test_directory_fixture");
        all.put("clerk.api-url", clerk.baseUrl().toString());
        all.putAll(settings);
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(ConfigProvider.getConfig()); // another test's
        resolver.registerConfig(new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(all, "test", 500)).build(),
                Thread.currentThread().getContextClassLoader());
        List<Class<?>> beans = new ArrayList<>(List.of(ClerkConfig.class, ClerkCallStats.class,
                LocalClerkRateBudget.class, ClerkClient.class, UserCacheConfig.class, UserCaches.class,
                JCacheSettingsProducer.class, LookupStats.class, RequestMemos.class, RequestMemo.class,
                RequestOrigin.class, UpstreamLimiter.class, UserDirectory.class, TestClockProducer.class));
        beans.add(callerKeys);
        container = new Weld().disableDiscovery().addExtension(new JCacheExtension())
                .addExtension(new ConfigExtension()).addBeanClasses(beans.toArray(Class<?>[]::new)).initialize();
    }

    /** {@code users} simulated users, the default caller keys, and {@code settings} over the defaults. */
    static DirectoryFixture start(int users, Map<String, String> settings) {
        return new DirectoryFixture(users, settings, RemoteAddressCallerKeys.class);
    }

    /** As {@link #start(int, Map)} with another {@link CallerKeys} bean. */
    static DirectoryFixture start(int users, Map<String, String> settings, Class<? extends CallerKeys> callerKeys) {
        return new DirectoryFixture(users, settings, callerKeys);
    }

    UserDirectory directory() {
        return bean(UserDirectory.class);
    }

    ClerkSimulator simulator() {
        return clerk.simulator();
    }

    <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    /** Runs {@code work} as an HTTP request from {@code remoteAddress} would (the web layer marks the context). */
    <T> T inHttpRequest(String remoteAddress, Supplier<T> work) {
        RequestContextController request = container.select(RequestContextController.class).get();
        request.activate();
        try {
            bean(RequestOrigin.class).markHttp(remoteAddress);
            return work.get();
        } finally {
            request.deactivate();
        }
    }

    /** Runs {@code work} in a request context that is not an HTTP request, as an EJB timer or an MDB runs. */
    <T> T inNonHttpRequestContext(Supplier<T> work) {
        RequestContextController request = container.select(RequestContextController.class).get();
        request.activate();
        try {
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
            clerk.close();
        }
    }
}
