package io.clerkcache.users.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Configuration of the user caches (MicroProfile Config; every key can also be set as an environment variable, e.g.
 * {@code clerk.cache.ttl} as {@code CLERK_CACHE_TTL}). Durations accept {@code 300s}, {@code 500ms}, {@code 5m} or
 * ISO-8601.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code redis.url}</td><td>none</td><td>{@code redis://host:port} or {@code rediss://host:port} (TLS),
 * optionally with {@code user:password@} and a database index path {@code /2}; none: in-memory cache in this
 * JVM</td></tr>
 * <tr><td>{@code redis.username}</td><td>none</td><td>ACL user name (Redis 6+); wins over the URL's</td></tr>
 * <tr><td>{@code redis.password}</td><td>none</td><td>password (of the ACL user, or {@code requirepass}); wins over
 * the URL's; never logged</td></tr>
 * <tr><td>{@code redis.database}</td><td>0 (or the URL's)</td><td>database index</td></tr>
 * <tr><td>{@code redis.config-file}</td><td>none</td><td>a Redisson YAML file for Sentinel, Cluster or any other
 * topology; wins over {@code redis.url}; the timeouts, retries, credentials and database keys here are applied to
 * its servers too</td></tr>
 * <tr><td>{@code redis.timeout}</td><td>500ms</td><td>how long one Redis command may take before it counts as
 * failed (then the lookup goes to Clerk)</td></tr>
 * <tr><td>{@code redis.connect-timeout}</td><td>1s</td><td>TCP connect timeout</td></tr>
 * <tr><td>{@code redis.retry-attempts}</td><td>0</td><td>retries of a failed Redis command; each one delays a
 * lookup while Redis is down</td></tr>
 * <tr><td>{@code clerk.cache.ttl}</td><td>300s</td><td>lifetime of a cached user</td></tr>
 * <tr><td>{@code clerk.cache.negative-ttl}</td><td>60s</td><td>lifetime of a "no such user/username" entry</td></tr>
 * <tr><td>{@code clerk.cache.tombstone-ttl}</td><td>1h</td><td>how long a user deleted in Clerk (webhook or
 * write through this service) answers "not found" without a Clerk call and refuses late events; never shorter than
 * {@code clerk.cache.ttl}</td></tr>
 * <tr><td>{@code clerk.cache.key-prefix}</td><td>{@code clerk-cache:}</td><td>prefix of the cache names (Redis
 * keys), so that several Clerk instances can share one Redis; no <code>{</code> or <code>}</code> (Redis Cluster hash
 * tags: Redisson's own keys of one cache must share a slot, so it places the name in a hash tag itself)</td></tr>
 * <tr><td>{@code clerk.cache.max-weight}</td><td>{@code 25%}</td><td>memory bound of the in-memory caches together:
 * a share of the JVM's maximum heap ({@code 25%}) or a size ({@code 64m}, {@code 512k}, {@code 1g}, bytes); see
 * {@link UserEntryWeigher}</td></tr>
 * <tr><td>{@code clerk.cache.max-entries}</td><td>100000</td><td>entry bound of each in-memory cache</td></tr>
 * <tr><td>{@code clerk.cache.batch-max-ids}</td><td>1000</td><td>most distinct ids in one batch lookup</td></tr>
 * <tr><td>{@code clerk.cache.excluded-fields}</td><td>{@code private_metadata}</td><td>top-level fields of Clerk's user
 * document that are neither cached nor returned (comma list; {@code none} keeps every field)</td></tr>
 * <tr><td>{@code clerk.cache.integrity-key}</td><td>derived from {@code clerk.secret-key}</td><td>base64 key (at least
 * 32 bytes) of the HMAC tag on every Redis entry; entries with another tag are reloaded, never served</td></tr>
 * </table>
 */
@ApplicationScoped
public class UserCacheConfig {

    /** Default of {@code clerk.cache.max-weight}: a quarter of the heap for the in-memory caches. */
    public static final String DEFAULT_MAX_WEIGHT = "25%";
    /** Default of {@code clerk.cache.tombstone-ttl}. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofHours(1);

    private Optional<String> redisUrl;
    private Optional<String> redisConfigFile;
    private Duration redisTimeout;
    private Duration redisConnectTimeout;
    private int redisRetryAttempts;
    private Duration ttl;
    private Duration negativeTtl;
    private String keyPrefix;
    private long maxEntries;
    private int batchMaxIds;
    private Set<String> excludedFields;
    private Optional<byte[]> integrityKey;
    private RedisEndpoint redis;
    private long maxWeightBytes;
    private Duration tombstoneTtl = DEFAULT_TOMBSTONE_TTL;

    /** For CDI. */
    protected UserCacheConfig() {
    }

    /** The settings without the Redis credential, database and memory keys (their defaults apply). */
    public UserCacheConfig(Optional<String> redisUrl, Optional<String> redisConfigFile, Duration redisTimeout,
            Duration redisConnectTimeout, int redisRetryAttempts, Duration ttl, Duration negativeTtl, String keyPrefix,
            long maxEntries, int batchMaxIds, String excluded, Optional<String> integrityKey) {
        this(redisUrl, redisConfigFile, Optional.empty(), Optional.empty(), Optional.empty(), redisTimeout,
                redisConnectTimeout, redisRetryAttempts, ttl, negativeTtl, keyPrefix, DEFAULT_MAX_WEIGHT, maxEntries,
                batchMaxIds, excluded, integrityKey);
    }

    @Inject
    public UserCacheConfig(
            @ConfigProperty(name = "redis.url") Optional<String> redisUrl,
            @ConfigProperty(name = "redis.config-file") Optional<String> redisConfigFile,
            @ConfigProperty(name = "redis.username") Optional<String> redisUsername,
            @ConfigProperty(name = "redis.password") Optional<String> redisPassword,
            @ConfigProperty(name = "redis.database") Optional<String> redisDatabase,
            @ConfigProperty(name = "redis.timeout", defaultValue = "500ms") Duration redisTimeout,
            @ConfigProperty(name = "redis.connect-timeout", defaultValue = "1s") Duration redisConnectTimeout,
            @ConfigProperty(name = "redis.retry-attempts", defaultValue = "0") int redisRetryAttempts,
            @ConfigProperty(name = "clerk.cache.ttl", defaultValue = "300s") Duration ttl,
            @ConfigProperty(name = "clerk.cache.negative-ttl", defaultValue = "60s") Duration negativeTtl,
            @ConfigProperty(name = "clerk.cache.key-prefix", defaultValue = "clerk-cache:") String keyPrefix,
            @ConfigProperty(name = "clerk.cache.max-weight", defaultValue = DEFAULT_MAX_WEIGHT) String maxWeight,
            @ConfigProperty(name = "clerk.cache.max-entries", defaultValue = "100000") long maxEntries,
            @ConfigProperty(name = "clerk.cache.batch-max-ids", defaultValue = "1000") int batchMaxIds,
            @ConfigProperty(name = "clerk.cache.excluded-fields", defaultValue = "private_metadata") String excluded,
            @ConfigProperty(name = "clerk.cache.integrity-key") Optional<String> integrityKey) {
        this.redisUrl = redisUrl.map(String::trim).filter(s -> !s.isEmpty());
        this.redisConfigFile = redisConfigFile.map(String::trim).filter(s -> !s.isEmpty());
        this.redisTimeout = positive("redis.timeout", redisTimeout);
        this.redisConnectTimeout = positive("redis.connect-timeout", redisConnectTimeout);
        if (redisRetryAttempts < 0) {
            throw new IllegalArgumentException("redis.retry-attempts must be 0 or more, was " + redisRetryAttempts);
        }
        this.redisRetryAttempts = redisRetryAttempts;
        this.ttl = positive("clerk.cache.ttl", ttl);
        this.negativeTtl = positive("clerk.cache.negative-ttl", negativeTtl);
        this.keyPrefix = checkKeyPrefix(keyPrefix);
        this.maxWeightBytes = MemorySize.parse("clerk.cache.max-weight", maxWeight, Runtime.getRuntime().maxMemory());
        if (maxEntries < 1) {
            throw new IllegalArgumentException("clerk.cache.max-entries must be positive, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        if (batchMaxIds < 1) {
            throw new IllegalArgumentException("clerk.cache.batch-max-ids must be positive, was " + batchMaxIds);
        }
        this.batchMaxIds = batchMaxIds;
        this.redis = RedisEndpoint.of(this.redisUrl, nonBlank(redisUsername), nonBlank(redisPassword),
                nonBlank(redisDatabase));
        this.excludedFields = "none".equals(excluded.trim()) ? Set.of()
                : Arrays.stream(excluded.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        new UserProjection(this.excludedFields); // validates
        this.integrityKey = integrityKey.map(String::trim).filter(k -> !k.isEmpty()).map(UserCacheConfig::decodeKey);
    }

    /** Reads {@code clerk.cache.tombstone-ttl} (an initializer: the constructors keep their signatures). */
    @Inject
    void readTombstoneTtl(@ConfigProperty(name = "clerk.cache.tombstone-ttl") Optional<Duration> configured) {
        this.tombstoneTtl = positive("clerk.cache.tombstone-ttl", configured.orElse(DEFAULT_TOMBSTONE_TTL));
    }

    private static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clerk.cache.integrity-key must be base64"); // never echo a secret
        }
        if (key.length < EntrySigner.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("clerk.cache.integrity-key must decode to at least "
                    + EntrySigner.MIN_KEY_BYTES + " bytes");
        }
        return key;
    }

    private static Duration positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
        return d;
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * Refuses braces: Redisson keeps each cache in several keys ({@code <name>} and {@code redisson__...:{<name>}})
     * that its scripts touch together, and wraps the name in a Redis Cluster hash tag itself only when the name has
     * none; a prefix with its own <code>{</code> or <code>}</code> would send them to different slots.
     */
    private static String checkKeyPrefix(String prefix) {
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("clerk.cache.key-prefix (env CLERK_CACHE_KEY_PREFIX) must not contain"
                    + " '{' or '}', was '" + prefix + "': the caches' keys are put into one Redis Cluster hash slot"
                    + " automatically, a hash tag of your own would split them");
        }
        if (prefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("clerk.cache.key-prefix (env CLERK_CACHE_KEY_PREFIX) must not contain"
                    + " spaces or control characters");
        }
        return prefix;
    }

    public Optional<String> redisUrl() {
        return redisUrl;
    }

    /** Where and how to connect to Redis from {@code redis.url} and the credential and database keys. */
    public RedisEndpoint redis() {
        return redis;
    }

    /** The memory bound of the in-memory caches together, in bytes ({@code clerk.cache.max-weight}). */
    public long maxWeightBytes() {
        return maxWeightBytes;
    }

    public Optional<String> redisConfigFile() {
        return redisConfigFile;
    }

    /** Whether the caches live in Redis (otherwise in this JVM). */
    public boolean usesRedis() {
        return redisUrl.isPresent() || redisConfigFile.isPresent();
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }

    public Duration redisConnectTimeout() {
        return redisConnectTimeout;
    }

    public int redisRetryAttempts() {
        return redisRetryAttempts;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * How long a deleted user's tombstone lives: {@code clerk.cache.tombstone-ttl}, but never less than
     * {@link #ttl()} (a tombstone must outlive every copy and every event young enough to be stored).
     */
    public Duration tombstoneTtl() {
        return tombstoneTtl.compareTo(ttl) < 0 ? ttl : tombstoneTtl;
    }

    public Duration negativeTtl() {
        return negativeTtl;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public long maxEntries() {
        return maxEntries;
    }

    public int batchMaxIds() {
        return batchMaxIds;
    }

    /** Top-level user fields neither cached nor returned. */
    public Set<String> excludedFields() {
        return excludedFields;
    }

    /** The configured integrity key; empty: derive one from the Clerk secret key. */
    public Optional<byte[]> integrityKey() {
        return integrityKey.map(byte[]::clone);
    }

    /** For the start-up log line; never shows the Redis URL, which may carry a password. */
    @Override
    public String toString() {
        return (usesRedis() ? "redis" + (redisConfigFile.isPresent() ? " (config file)" : "") + redis
                : "in-memory, at most " + (maxWeightBytes >> 20) + " MiB (" + maxWeightBytes + " bytes)")
                + ", TTL " + ttl + ", negative TTL " + negativeTtl + ", key prefix '" + keyPrefix + "'"
                + ", fields left out " + excludedFields;
    }
}
