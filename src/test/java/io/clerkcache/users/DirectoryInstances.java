package io.clerkcache.users;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.config.ClockProducer;
import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.jcache.internal.JCacheExtension;
import io.clerkcache.users.cache.JCacheSettingsProducer;
import io.clerkcache.metrics.RecordingCacheObserver;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCacheWrites;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.users.cache.UserTagIndex;
import io.clerkcache.webhook.DeliveryLog;
import io.clerkcache.webhook.WebhookConfig;
import io.clerkcache.webhook.WebhookReceiver;
import io.clerkcache.webhook.WebhookStartup;

import io.smallrye.config.inject.ConfigExtension;

/**
 * Instances of the service for the directory tests, each a Weld SE container with the directory's production wiring:
 * real MicroProfile Config, the JCache library's extension, the real {@link ClerkClient} over HTTP to a Clerk stand-in,
 * and {@link UserCaches} on Caffeine or on the real Redis at 127.0.0.1:6379. The instances of one set share its
 * settings, like replicas of one deployment: the same Clerk and, with Redis, one key prefix unique to the set.
 *
 * <p>The settings are system properties (MicroProfile Config reads them), which are global: one set at a time.
 */
public final class DirectoryInstances implements AutoCloseable {

    /** Where the caches live. */
    public enum Backend {
        IN_MEMORY, REDIS
    }

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    /** The webhook signing secret of every instance. */
    static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Backend backend;
    private final List<Instance> started = new ArrayList<>();

    /**
     * @param clerk       the Clerk stand-in's API base URL
     * @param negativeTtl {@code clerk.cache.negative-ttl}
     */
    public DirectoryInstances(Backend backend, URI clerk, Duration negativeTtl) {
        this.backend = backend;
        settings.put("clerk.secret-key", "sk_test_directory");
        settings.put("clerk.api-url", clerk.toString());
        // A held answer must be neither a timeout nor retried: either would be a Clerk call the test did not make.
        settings.put("clerk.read-timeout", "60s");
        settings.put("clerk.read-retries", "0");
        settings.put("clerk.cache.negative-ttl", negativeTtl.toMillis() + "ms");
        settings.put("clerk.cache.key-prefix", "directory-test:" + UUID.randomUUID() + ":");
        settings.put("clerk.webhook-secret", WEBHOOK_SECRET);
        if (backend == Backend.REDIS) {
            settings.put("redis.url", "redis://127.0.0.1:6379");
        }
        releaseConfig(); // drop what an earlier test's container read
        settings.forEach(System::setProperty);
    }

    /** One more setting for the instances started from now on (and read again by them). */
    public DirectoryInstances with(String key, String value) {
        settings.put(key, value);
        System.setProperty(key, value);
        releaseConfig();
        return this;
    }

    /** Starts one more instance. */
    public Instance start() {
        return start(new Class<?>[0]);
    }

    /** Starts one more instance with more bean classes (of other layers built on the directory). */
    public Instance start(Class<?>... moreBeans) {
        WeldContainer container = new Weld("directory-" + CONTAINERS.incrementAndGet())
                .disableDiscovery()
                .addExtension(new ConfigExtension())
                .addExtension(new JCacheExtension())
                .addBeanClasses(ClerkConfig.class, io.clerkcache.metrics.Recorder.class, LocalClerkRateBudget.class,
                        ClerkClient.class, UserCacheConfig.class, UserCaches.class, io.clerkcache.users.cache.UserFreshness.class,
                io.clerkcache.users.cache.EntryRandom.class, io.clerkcache.users.cache.RedisOutages.class, JCacheSettingsProducer.class,
                        RecordingCacheObserver.class, RequestMemos.class, RequestMemo.class, RequestOrigin.class,
                        UpstreamLimiter.class, AdmissionConfig.class, RemoteAddressCallerKeys.class,
                        UserDirectory.class,
                        UserCacheWrites.class, UserTagIndex.class, UserChanges.class, UserWrites.class,
                        io.clerkcache.users.cache.RedisOutages.class,
                        WebhookConfig.class, DeliveryLog.class, WebhookReceiver.class,
                        WebhookStartup.class,
                        ClockProducer.class)
                .addBeanClasses(moreBeans)
                .initialize();
        Instance instance = new Instance(container);
        started.add(instance);
        return instance;
    }

    @Override
    public void close() {
        try {
            if (backend == Backend.REDIS && !started.isEmpty()) {
                UserCaches caches = started.get(0).caches();
                for (String name : List.of(UserCaches.USERS, UserCaches.USERS_MISSING, UserCaches.USERNAMES,
                        UserCaches.USERNAMES_MISSING, UserCaches.USERS_DELETED)) {
                    try {
                        caches.cache(name).clear(); // deletes this set's hashes in Redis
                    } catch (RuntimeException unreachable) {
                        break; // a set pointed at a Redis that does not answer has nothing to delete
                    }
                }
            }
        } finally {
            started.forEach(i -> i.container.close());
            settings.keySet().forEach(System::clearProperty);
            releaseConfig();
        }
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }

    /**
     * Waits until {@code condition} holds, for something only real time brings about (an expiry) or that another
     * thread reaches; fails after 10 s.
     */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** One running instance. */
    public static final class Instance {
        private final WeldContainer container;

        private Instance(WeldContainer container) {
            this.container = container;
        }

        public UserDirectory directory() {
            return container.select(UserDirectory.class).get();
        }

        public UserCaches caches() {
            return container.select(UserCaches.class).get();
        }

        public <T> T bean(Class<T> type) {
            return container.select(type).get();
        }

        WeldContainer container() {
            return container;
        }

        /** The library's counters for one of the user caches. */
        CacheStatistics.Snapshot statistics(String logicalCacheName) {
            return container.select(CacheStatistics.class).get().snapshot(caches().physicalName(logicalCacheName));
        }
    }
}
