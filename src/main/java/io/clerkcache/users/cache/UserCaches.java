package io.clerkcache.users.cache;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.spi.CachingProvider;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

import io.clerkcache.jcache.CacheErrorPolicy;
import io.clerkcache.jcache.GuardedCache;

/**
 * Owns the JCache side of the user directory: the {@link CacheManager} the JSR-107 interceptors use (produced here,
 * so no provider is ever guessed: Redisson and Caffeine are both on the classpath) and the two caches,
 * {@value #USERS} (user id → {@link CachedUser}) and {@value #USERNAMES} (lower-cased username →
 * {@link UsernameEntry}).
 *
 * <p>With {@code redis.url} (or {@code redis.config-file}) the caches live in Redis through Redisson's JCache
 * provider, shared by every instance; otherwise in this JVM through Caffeine's, bounded in size. Everything is created
 * on first use, and the Redisson client connects lazily: a Redis that is down when the application starts does not
 * stop it (lookups go to Clerk until Redis answers, and the client reconnects by itself).
 */
@ApplicationScoped
public class UserCaches {

    /** Logical name of the user cache, as used in {@code @CacheResult(cacheName = ...)}. */
    public static final String USERS = "users";
    /** Logical name of the username index. */
    public static final String USERNAMES = "usernames";

    static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";
    static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    private static final Logger LOG = Logger.getLogger(UserCaches.class.getName());

    private final Map<String, Cache<Object, Object>> caches = new ConcurrentHashMap<>();
    private final Map<String, GuardedCache<Object, Object>> guarded = new ConcurrentHashMap<>();
    private UserCacheConfig config;
    private CacheErrorPolicy errorPolicy;
    private volatile CacheManager manager;
    private volatile RedissonClient redisson;

    /** For CDI. */
    protected UserCaches() {
    }

    @Inject
    public UserCaches(UserCacheConfig config, CacheErrorPolicy errorPolicy) {
        this.config = config;
        this.errorPolicy = errorPolicy;
    }

    /** The cache manager the JCache interceptors resolve caches from. */
    @Produces
    @ApplicationScoped
    CacheManager produceCacheManager() {
        return manager();
    }

    /**
     * The cache with the given logical name ({@link #USERS} or {@link #USERNAMES}), created on first use under the
     * configured key prefix.
     */
    public Cache<Object, Object> cache(String logicalName) {
        requireKnown(logicalName);
        return caches.computeIfAbsent(logicalName, this::openCache);
    }

    /** Fails unless the name is {@link #USERS} or {@link #USERNAMES}. */
    static String requireKnown(String logicalName) {
        if (!USERS.equals(logicalName) && !USERNAMES.equals(logicalName)) {
            throw new IllegalArgumentException("no user cache named '" + logicalName + "'");
        }
        return logicalName;
    }

    /**
     * The same cache seen through the interceptors' error policy, for direct calls (the batch path's
     * {@code getAll}/{@code putAll}): a failing read is a miss, a failing write is skipped, both counted.
     */
    public GuardedCache<Object, Object> guarded(String logicalName) {
        return guarded.computeIfAbsent(logicalName, n -> errorPolicy.guard(cache(n)));
    }

    /** Where the caches live, for logs, stats and health: {@code redis} or {@code in-memory}. */
    public String backend() {
        return config.usesRedis() ? "redis" : "in-memory";
    }

    /** The physical cache name (the Redis key of the hash) of a logical cache. */
    public String physicalName(String logicalName) {
        return config.keyPrefix() + requireKnown(logicalName);
    }

    private Cache<Object, Object> openCache(String logicalName) {
        CacheManager cm = manager();
        String name = physicalName(logicalName);
        // Create first, look up only if it exists: Caffeine's getCache of an unknown name consults its file
        // configuration, which cannot parse names with ':' and logs a warning each time.
        try {
            return cm.createCache(name, configuration());
        } catch (javax.cache.CacheException alreadyCreated) {
            Cache<Object, Object> cache = cm.getCache(name);
            if (cache == null) {
                throw alreadyCreated;
            }
            return cache;
        }
    }

    private Configuration<Object, Object> configuration() {
        if (config.usesRedis()) {
            MutableConfiguration<Object, Object> c = new MutableConfiguration<>();
            c.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(jcacheDuration()));
            c.setStoreByValue(false);
            return RedissonConfiguration.fromInstance(redisson(), c);
        }
        CaffeineConfiguration<Object, Object> c = new CaffeineConfiguration<>();
        c.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(jcacheDuration()));
        // Values are immutable records: store by reference, no serialization copies.
        c.setStoreByValue(false);
        c.setMaximumSize(OptionalLong.of(config.maxEntries()));
        return c;
    }

    private javax.cache.expiry.Duration jcacheDuration() {
        return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, config.ttl().toMillis());
    }

    private CacheManager manager() {
        CacheManager m = manager;
        if (m == null) {
            synchronized (this) {
                m = manager;
                if (m == null) {
                    m = openManager();
                    manager = m;
                }
            }
        }
        return m;
    }

    private CacheManager openManager() {
        ClassLoader cl = UserCaches.class.getClassLoader();
        String providerClass = config.usesRedis() ? REDISSON_PROVIDER : CAFFEINE_PROVIDER;
        CachingProvider provider = Caching.getCachingProvider(providerClass, cl);
        // A URI of our own: two deployments (or two prefixes) in one JVM must not share a manager's caches.
        URI uri = URI.create("clerk-cache:" + config.keyPrefix() + "@" + Integer.toHexString(System.identityHashCode(this)));
        return provider.getCacheManager(uri, cl);
    }

    private RedissonClient redisson() {
        RedissonClient r = redisson;
        if (r == null) {
            synchronized (this) {
                r = redisson;
                if (r == null) {
                    r = Redisson.create(redissonConfig());
                    redisson = r;
                }
            }
        }
        return r;
    }

    Config redissonConfig() {
        Config c;
        if (config.redisConfigFile().isPresent()) {
            try {
                c = Config.fromYAML(new File(config.redisConfigFile().get()));
            } catch (IOException e) {
                throw new IllegalStateException("redis.config-file: cannot read " + config.redisConfigFile().get(), e);
            }
        } else {
            c = new Config();
            c.useSingleServer()
                    .setAddress(config.redisUrl().orElseThrow())
                    .setTimeout(Math.toIntExact(config.redisTimeout().toMillis()))
                    .setConnectTimeout(Math.toIntExact(config.redisConnectTimeout().toMillis()))
                    .setRetryAttempts(config.redisRetryAttempts())
                    .setRetryInterval(100)
                    .setConnectionMinimumIdleSize(2)
                    .setConnectionPoolSize(16)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            // The default 32 Netty and 16 worker threads are sized for a dedicated client, not a library in a
            // server that has its own pools.
            c.setNettyThreads(8).setThreads(4);
        }
        c.setCodec(new RedisJsonCodec());
        // Connect on first use: a Redis that is down at start must not fail the deployment.
        c.setLazyInitialization(true);
        return c;
    }

    @PreDestroy
    void close() {
        CacheManager m = manager;
        if (m != null) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing the cache manager", e);
            }
        }
        RedissonClient r = redisson;
        if (r != null) {
            r.shutdown();
        }
    }
}
