package io.clerkcache.users;

import java.net.URI;
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

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.jcache.internal.JCacheExtension;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import io.clerkcache.users.cache.JCacheSettingsProducer;
import io.clerkcache.metrics.RecordingCacheObserver;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * The user directory as the application wires it, in Weld SE with real MicroProfile Config (the application's
 * {@code microprofile-config.properties} under the test's settings), the JCache library, Caffeine or Redis, and the
 * simulator over real HTTP playing Clerk (live mode: a secret key and {@code clerk.api-url}). Time is a
 * {@link TestClock} the test moves.
 */
public final class DirectoryFixture implements AutoCloseable {

    static final TestClock CLOCK = new TestClock();

    /** The test's clock instead of the system clock. */
    @ApplicationScoped
    public static class TestClockProducer {
        @Produces
        Clock clock() {
            return CLOCK;
        }
    }

    private final SimulatorHttpServer clerk; // null when the test brings its own Clerk
    private final WeldContainer container;

    private DirectoryFixture(SimulatorHttpServer clerk, URI clerkUrl, Map<String, String> settings,
            Class<?> callerKeys, Class<?>... moreBeans) {
        this.clerk = clerk;
        Map<String, String> all = new HashMap<>();
        all.put("clerk.secret-key", "sk_test_directory_fixture");
        all.put("clerk.api-url", clerkUrl.toString());
        all.putAll(settings);
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(ConfigProvider.getConfig()); // another test's
        resolver.registerConfig(new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(all, "test", 500)).build(),
                Thread.currentThread().getContextClassLoader());
        List<Class<?>> beans = new ArrayList<>(List.of(ClerkConfig.class, io.clerkcache.metrics.Recorder.class,
                LocalClerkRateBudget.class, ClerkClient.class, UserCacheConfig.class, UserCaches.class, io.clerkcache.users.cache.UserFreshness.class,
                io.clerkcache.users.cache.EntryRandom.class, io.clerkcache.users.cache.RedisOutages.class,
                JCacheSettingsProducer.class, RecordingCacheObserver.class, RequestMemos.class, RequestMemo.class,
                RequestOrigin.class, UpstreamLimiter.class, AdmissionConfig.class, UserDirectory.class,
                io.clerkcache.users.cache.UserCacheWrites.class,
                io.clerkcache.users.cache.UserTagIndex.class, UserDirectoryStartup.class, UserChanges.class,
                TestClockProducer.class));
        beans.add(callerKeys);
        beans.addAll(List.of(moreBeans));
        container = new Weld().disableDiscovery().addExtension(new JCacheExtension())
                .addExtension(new ConfigExtension()).addBeanClasses(beans.toArray(Class<?>[]::new)).initialize();
    }

    /** {@code users} simulated users, the default caller keys, and {@code settings} over the defaults. */
    public static DirectoryFixture start(int users, Map<String, String> settings) {
        return start(users, settings, RemoteAddressCallerKeys.class);
    }

    /** As {@link #start(int, Map)} with another {@link CallerKeys} bean. */
    public static DirectoryFixture start(int users, Map<String, String> settings,
            Class<? extends CallerKeys> callerKeys) {
        SimulatorHttpServer clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(users, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0), CLOCK,
                TimeUnit.MILLISECONDS::sleep));
        return new DirectoryFixture(clerk, clerk.baseUrl(), settings, callerKeys);
    }

    /** The directory against a Clerk the caller runs (and closes), with {@code settings} over the defaults. */
    public static DirectoryFixture against(URI clerkUrl, Map<String, String> settings) {
        return new DirectoryFixture(null, clerkUrl, settings, RemoteAddressCallerKeys.class);
    }

    /** As {@link #against(URI, Map)}, with more bean classes (an {@code @Alternative} of the test's, say). */
    public static DirectoryFixture against(URI clerkUrl, Map<String, String> settings, Class<?>... moreBeans) {
        return new DirectoryFixture(null, clerkUrl, settings, RemoteAddressCallerKeys.class, moreBeans);
    }

    public UserDirectory directory() {
        return bean(UserDirectory.class);
    }

    ClerkSimulator simulator() {
        if (clerk == null) {
            throw new IllegalStateException("this fixture runs against a Clerk of the test's own");
        }
        return clerk.simulator();
    }

    public <T> T bean(Class<T> type) {
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
            if (clerk != null) {
                clerk.close();
            }
        }
    }
}
