package io.clerkcache.users.cache;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
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
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.spi.CachingProvider;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.jcache.CacheLoading;
import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.metrics.Recorder;

/**
 * Owns the JCache side of the user directory: the {@link CacheManager} (produced here, so no provider is ever
 * guessed: Redisson and Caffeine are both on the classpath; the JSR-107 interceptors of the deployment use it too)
 * and five caches: {@value #USERS} (user id → {@link CachedUser}) and {@value #USERNAMES} (lower-cased username →
 * {@link UsernameEntry}), each with an absence cache ({@value #USERS_MISSING}, {@value #USERNAMES_MISSING}) that
 * remembers what Clerk does not know for {@code clerk.cache.negative-ttl}, and the tombstones of deleted users
 * ({@value #USERS_DELETED}). The directory reads and writes them only
 * through the library's {@link LoadingCache} load path.
 *
 * <p>With {@code redis.url} (or {@code redis.config-file}) the caches live in Redis through Redisson's JCache
 * provider, shared by every instance; otherwise in this JVM through Caffeine's, bounded in size. Everything is created
 * on first use, and the Redisson client connects lazily: a Redis that is down when the application starts does not
 * stop it (lookups go to Clerk until Redis answers, and the client reconnects by itself). With Redis, the users and
 * the username index have a near cache in this JVM in front ({@code clerk.cache.near.*}, {@link NearCache}), and cold
 * lookups share their loads across instances through {@link #leases()}.
 *
 * <p>With Redis, every cache is a {@link BreakerCache}: behind the {@link RedisBreaker}, and served from a bounded
 * in-JVM layer (Caffeine, like the in-memory backend) while the breaker is open; the near cache sits in front of it
 * and is emptied and skipped while the breaker is open.
 */
@ApplicationScoped
public class UserCaches {

    /** Logical name of the user cache, as used in {@code @CacheResult(cacheName = ...)}. */
    public static final String USERS = "users";
    /** Logical name of the username index. */
    public static final String USERNAMES = "usernames";
    /** Logical name of the ids Clerk does not know. */
    public static final String USERS_MISSING = "users-missing";
    /** Logical name of the usernames nobody has. */
    public static final String USERNAMES_MISSING = "usernames-missing";
    /** Logical name of the tombstones: ids of users deleted in Clerk, with when this service learnt it. */
    public static final String USERS_DELETED = "users-deleted";

    /** Appended to the key prefix in demo mode: simulated users never land next to real ones in a shared Redis. */
    public static final String DEMO_PREFIX = "demo:";

    static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";
    static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    private static final Logger LOG = Logger.getLogger(UserCaches.class.getName());

    private final Map<String, Cache<Object, Object>> caches = new ConcurrentHashMap<>();
    /** The caches behind the breaker (some of them also behind a near cache), whose in-JVM layers it drops. */
    private final java.util.List<BreakerCache> breakerCaches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private UserCacheConfig config;
    private ClerkConfig clerkConfig;
    private CacheLoading loading;
    private UserProjection projection;
    private Recorder recorder;
    private java.time.Clock clock;
    private volatile CacheManager manager;
    private volatile CacheManager localManager;
    private volatile RedissonClient redisson;
    private volatile RedisBreaker breaker;
    private volatile LoadingCache<String, CachedUser> users;
    private volatile LoadingCache<String, UsernameEntry> usernames;
    private volatile NearCaches near;
    private volatile UserLeases leases;

    /** For CDI. */
    protected UserCaches() {
    }

    /** Caches with a recorder of their own and the system clock (tests, code built without CDI). */
    public UserCaches(UserCacheConfig config, ClerkConfig clerkConfig, CacheLoading loading) {
        this(config, clerkConfig, loading, Recorder.inMemory(), java.time.Clock.systemUTC());
    }

    @Inject
    public UserCaches(UserCacheConfig config, ClerkConfig clerkConfig, CacheLoading loading, Recorder recorder,
            java.time.Clock clock) {
        this.config = config;
        this.clerkConfig = clerkConfig;
        this.loading = loading;
        this.projection = new UserProjection(config.excludedFields());
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Where the near cache, the leases and the breaker count what they do. */
    private Recorder recorder() {
        return recorder;
    }

    /** Cold lookups shared across instances through a lease in Redis (in memory: the load path alone). */
    public UserLeases leases() {
        UserLeases l = leases;
        if (l == null) {
            synchronized (this) {
                l = leases;
                if (l == null) {
                    l = new UserLeases(this, config.usesRedis() ? redis().orElseThrow() : null, config.near(),
                            recorder());
                    leases = l;
                }
            }
        }
        return l;
    }

    /** What is left out of every user before it is cached ({@code clerk.cache.excluded-fields}). */
    public UserProjection projection() {
        return projection;
    }

    /** The cache manager the JCache interceptors resolve caches from. */
    @Produces
    @ApplicationScoped
    CacheManager produceCacheManager() {
        return manager();
    }

    /** Users by id, with the ids Clerk does not know, through the load path. */
    public LoadingCache<String, CachedUser> users() {
        LoadingCache<String, CachedUser> u = users;
        if (u == null) {
            u = loading.of(typed(cache(USERS)), cache(USERS_MISSING));
            // @CachePut / @CacheRemove(cacheName = "users") use this load path, keyed by the user id
            loading.bind(USERS, u, UserCaches::userIdKey);
            users = u;
        }
        return u;
    }

    /** The user-cache key of the annotations' key parameters: the one user id. */
    private static String userIdKey(Object[] keyParameters) {
        if (keyParameters.length != 1 || !(keyParameters[0] instanceof String id)) {
            throw new IllegalArgumentException("the key of cache '" + USERS + "' is one user id (String)");
        }
        return id;
    }

    /**
     * The tombstones ({@value #USERS_DELETED}): user id → {@link io.clerkcache.jcache.AbsentValue} of the deletion,
     * kept for {@code clerk.cache.tombstone-ttl}.
     */
    public Cache<Object, Object> tombstones() {
        return cache(USERS_DELETED);
    }

    /** The Redis client of the caches, when they live in Redis: for the tag index and the webhook deliveries. */
    public Optional<RedissonClient> redis() {
        if (!config.usesRedis()) {
            return Optional.empty();
        }
        manager(); // the client is created with the caches' manager configuration
        return Optional.of(redisson());
    }

    /**
     * The breaker every Redis command goes through (the tag index's, the webhook deliveries' and the health probe's
     * too); empty when the caches are in memory.
     */
    public Optional<RedisBreaker> breaker() {
        if (!config.usesRedis()) {
            return Optional.empty();
        }
        manager();
        RedisBreaker b = breaker;
        if (b == null) {
            synchronized (this) {
                b = breaker;
                if (b == null) {
                    b = new RedisBreaker(this::redisson, keyPrefix(), config, this::dropLocalLayer, clock, recorder);
                    breaker = b;
                }
            }
        }
        return Optional.of(b);
    }

    /** Whether the caches live in Redis and its breaker is open (Redis is skipped). */
    boolean redisBreakerOpen() {
        RedisBreaker b = breaker;
        return b != null && b.isOpen();
    }

    /** Entries in the in-JVM layer that serves while the breaker is open (0 when closed or in memory). */
    public long localLayerEntries() {
        long n = 0;
        for (BreakerCache b : breakerCaches) {
            n += b.local().unwrap(com.github.benmanes.caffeine.cache.Cache.class).estimatedSize();
        }
        return n;
    }

    /** Empties the in-JVM layer: what it holds must not outlive the outage it served. */
    private void dropLocalLayer() {
        for (BreakerCache b : breakerCaches) {
            b.local().clear();
        }
    }

    /** The username index (lower-cased username → user id), with the names nobody has, through the load path. */
    public LoadingCache<String, UsernameEntry> usernames() {
        LoadingCache<String, UsernameEntry> u = usernames;
        if (u == null) {
            u = loading.of(typed(cache(USERNAMES)), cache(USERNAMES_MISSING));
            usernames = u;
        }
        return u;
    }

    /** The caches hold any object (markers, absences) next to the values the load path hands out. */
    @SuppressWarnings("unchecked")
    private static <K, V> Cache<K, V> typed(Cache<Object, Object> cache) {
        return (Cache<K, V>) (Cache<?, ?>) cache;
    }

    /**
     * The raw cache with the given logical name, created on first use under the configured key prefix; for tests and
     * operations (lookups go through {@link #users()} and {@link #usernames()}).
     */
    public Cache<Object, Object> cache(String logicalName) {
        requireKnown(logicalName);
        return caches.computeIfAbsent(logicalName, this::openCache);
    }

    /** Fails unless the name is one of the five user caches. */
    static String requireKnown(String logicalName) {
        if (!USERS.equals(logicalName) && !USERNAMES.equals(logicalName) && !USERS_MISSING.equals(logicalName)
                && !USERNAMES_MISSING.equals(logicalName) && !USERS_DELETED.equals(logicalName)) {
            throw new IllegalArgumentException("no user cache named '" + logicalName + "'");
        }
        return logicalName;
    }

    /** The absence cache beside a value cache ({@link #USERS} or {@link #USERNAMES}). */
    static String absencesOf(String logicalName) {
        return switch (logicalName) {
            case USERS -> USERS_MISSING;
            case USERNAMES -> USERNAMES_MISSING;
            default -> throw new IllegalArgumentException("no absences beside '" + logicalName + "'");
        };
    }

    /** Where the caches live, for logs, stats and health: {@code redis} or {@code in-memory}. */
    public String backend() {
        return config.usesRedis() ? "redis" : "in-memory";
    }

    /** The physical cache name (the Redis key of the hash) of a logical cache. */
    public String physicalName(String logicalName) {
        return keyPrefix() + requireKnown(logicalName);
    }

    /** The key prefix in use: {@code clerk.cache.key-prefix}, followed by {@value #DEMO_PREFIX} in demo mode. */
    public String keyPrefix() {
        return config.keyPrefix() + (clerkConfig != null && clerkConfig.demoMode() ? DEMO_PREFIX : "");
    }

    private Cache<Object, Object> openCache(String logicalName) {
        CacheManager cm = manager();
        String name = physicalName(logicalName);
        // Create first, look up only if it exists: Caffeine's getCache of an unknown name consults its file
        // configuration, which cannot parse names with ':' and logs a warning each time.
        Cache<Object, Object> cache = openCache(cm, name, configuration(logicalName, ttlOf(logicalName)));
        if (!config.usesRedis()) {
            return cache;
        }
        Cache<Object, Object> local = openCache(localManager(), name, memoryConfiguration(logicalName,
                ttlOf(logicalName)));
        BreakerCache guarded = new BreakerCache(cache, local, breaker().orElseThrow());
        breakerCaches.add(guarded);
        return withNearCache(logicalName, guarded);
    }

    private static Cache<Object, Object> openCache(CacheManager cm, String name,
            Configuration<Object, Object> configuration) {
        try {
            return cm.createCache(name, configuration);
        } catch (javax.cache.CacheException alreadyCreated) {
            Cache<Object, Object> cache = cm.getCache(name);
            if (cache == null) {
                throw alreadyCreated;
            }
            return cache;
        }
    }

    /**
     * The users and the username index with a near cache in front, when they live in Redis and it is on; the absence
     * caches and the tombstones are read only on a miss, and their changes must be seen by every instance at once.
     */
    private Cache<Object, Object> withNearCache(String logicalName, Cache<Object, Object> cache) {
        if (!config.usesRedis() || !config.near().enabled()
                || !(USERS.equals(logicalName) || USERNAMES.equals(logicalName))) {
            return cache;
        }
        return nearCaches().wrap(cache);
    }

    private NearCaches nearCaches() {
        NearCaches n = near;
        if (n == null) {
            synchronized (this) {
                n = near;
                if (n == null) {
                    n = new NearCaches(redisson(), keyPrefix() + "near", config.near(), recorder(),
                            this::redisBreakerOpen);
                    near = n;
                }
            }
        }
        return n;
    }

    /** What the near cache in front of a Redis cache holds now; empty in memory or when it is off. */
    public Optional<MemoryUse> nearUse(String logicalName) {
        NearCaches n = near;
        return n == null ? Optional.empty() : Optional.of(n.use(physicalName(logicalName),
                config.near().maxWeightBytes()));
    }

    /**
     * The share of {@code clerk.cache.max-weight} each in-memory cache gets: the users take nearly all of it, the
     * username index and the absence caches hold small entries.
     */
    static double weightShare(String logicalName) {
        return switch (requireKnown(logicalName)) {
            case USERS -> 0.75;
            case USERNAMES -> 0.10;
            default -> 0.05;
        };
    }

    /** The memory bound of one in-memory cache, in bytes. */
    public long maxWeightBytes(String logicalName) {
        return (long) (config.maxWeightBytes() * weightShare(logicalName));
    }

    /**
     * What an in-memory cache holds now: its entry count and their estimated weight in bytes; empty with Redis (whose
     * memory Redis bounds: {@code maxmemory}).
     */
    public Optional<MemoryUse> memoryUse(String logicalName) {
        if (config.usesRedis()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine =
                cache(logicalName).unwrap(com.github.benmanes.caffeine.cache.Cache.class);
        long weight = caffeine.policy().eviction().flatMap(e -> {
            OptionalLong w = e.weightedSize();
            return w.isPresent() ? Optional.of(w.getAsLong()) : Optional.empty();
        }).orElse(0L);
        return Optional.of(new MemoryUse(caffeine.estimatedSize(), weight, maxWeightBytes(logicalName)));
    }

    /**
     * @param entries     entries held (an estimate: expired entries may not have been dropped yet)
     * @param weightBytes their estimated heap, in bytes
     * @param maxBytes    the bound
     */
    public record MemoryUse(long entries, long weightBytes, long maxBytes) {
    }

    private java.time.Duration ttlOf(String logicalName) {
        if (USERS_DELETED.equals(logicalName)) {
            return config.tombstoneTtl();
        }
        if (USERS.equals(logicalName)) {
            return config.userEntryLifetime(); // freshness is decided from the entry (UserFreshness)
        }
        return USERNAMES.equals(logicalName) ? config.usernameEntryLifetime() : config.negativeTtl();
    }

    /**
     * The expiry of a cache: the user cache and the username index count from the last write (a reload or an event
     * writes over the old copy, and the new one must live its whole lifetime), the others from creation.
     */
    private static javax.cache.configuration.Factory<javax.cache.expiry.ExpiryPolicy> expiryOf(String logicalName,
            java.time.Duration ttl) {
        return USERS.equals(logicalName) || USERNAMES.equals(logicalName)
                ? ModifiedExpiryPolicy.factoryOf(jcacheDuration(ttl))
                : CreatedExpiryPolicy.factoryOf(jcacheDuration(ttl));
    }

    private Configuration<Object, Object> configuration(String logicalName, java.time.Duration ttl) {
        if (config.usesRedis()) {
            MutableConfiguration<Object, Object> c = new MutableConfiguration<>();
            c.setExpiryPolicyFactory(expiryOf(logicalName, ttl));
            c.setStoreByValue(false);
            return RedissonConfiguration.fromInstance(redisson(), c);
        }
        return memoryConfiguration(logicalName, ttl);
    }

    /** An in-memory cache's configuration: the in-memory backend's, and the in-JVM layer's while Redis is down. */
    private Configuration<Object, Object> memoryConfiguration(String logicalName, java.time.Duration ttl) {
        CaffeineConfiguration<Object, Object> c = new CaffeineConfiguration<>();
        c.setExpiryPolicyFactory(expiryOf(logicalName, ttl));
        // Values are immutable records: store by reference, no serialization copies.
        c.setStoreByValue(false);
        // Bounded by memory, not by a count that says nothing about it (a parsed user retains ~14 to 21 KB); the
        // weigher's floor keeps the entry count within clerk.cache.max-entries as well.
        long maxWeight = maxWeightBytes(logicalName);
        int floor = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxWeight / config.maxEntries()));
        c.setMaximumWeight(OptionalLong.of(maxWeight));
        c.setWeigherFactory(Optional.of(FactoryBuilder.factoryOf(new UserEntryWeigher(floor))));
        return c;
    }

    private static javax.cache.expiry.Duration jcacheDuration(java.time.Duration ttl) {
        return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, ttl.toMillis());
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
        return openManager(config.usesRedis() ? REDISSON_PROVIDER : CAFFEINE_PROVIDER, "clerk-cache:");
    }

    /** The Caffeine manager of the in-JVM layer that serves while Redis's breaker is open. */
    private synchronized CacheManager localManager() {
        if (localManager == null) {
            localManager = openManager(CAFFEINE_PROVIDER, "clerk-cache-outage:");
        }
        return localManager;
    }

    private CacheManager openManager(String providerClass, String scheme) {
        ClassLoader cl = UserCaches.class.getClassLoader();
        CachingProvider provider = Caching.getCachingProvider(providerClass, cl);
        // A URI of our own: two deployments (or two prefixes) in one JVM must not share a manager's caches.
        URI uri = URI.create(scheme + keyPrefix() + "@" + Integer.toHexString(System.identityHashCode(this)));
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
        RedisClientConfig c = RedisClientConfig.of(config);
        c.setCodec(new RedisJsonCodec(new EntrySigner(
                config.integrityKey().orElseGet(() -> clerkConfig.derivedKey("clerk-cache entry integrity")))));
        // Connect on first use: a Redis that is down at start must not fail the deployment.
        c.setLazyInitialization(true);
        c.setConnectionListener(new org.redisson.connection.ConnectionListener() {
            @Override
            public void onConnect(java.net.InetSocketAddress address) {
            }

            @Override
            public void onDisconnect(java.net.InetSocketAddress address) {
                NearCaches n = near;
                if (n != null) {
                    n.connectionLost(); // the near cache's subscription may have gone with it
                }
            }
        });
        return c;
    }

    @PreDestroy
    void close() {
        NearCaches n = near;
        if (n != null) {
            n.close();
        }
        RedisBreaker b = breaker;
        if (b != null) {
            b.close();
        }
        for (CacheManager m : new CacheManager[] {manager, localManager}) {
            if (m != null) {
                try {
                    m.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "closing the cache manager", e);
                }
            }
        }
        RedissonClient r = redisson;
        if (r != null) {
            r.shutdown();
        }
    }
}
