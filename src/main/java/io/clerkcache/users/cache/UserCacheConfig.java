package io.clerkcache.users.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.config.Settings;

/**
 * Configuration of the user caches and their Redis connection, read once from MicroProfile Config; this class is the
 * only reader of these keys, and their defaults are its {@code DEFAULT_*} constants (the README's configuration table
 * documents them).
 *
 * <ul>
 * <li>{@code redis.url}: {@code redis://host:port} or {@code rediss://host:port} (TLS), optionally with
 * {@code user:password@} and a database index path {@code /2}; unset: in-memory caches in this JVM;</li>
 * <li>{@code redis.username}, {@code redis.password}, {@code redis.database}: the ACL user, its password (never
 * logged) and the database index, each winning over the URL's;</li>
 * <li>{@code redis.config-file}: a Redisson YAML file for Sentinel, Cluster or any other topology; wins over
 * {@code redis.url}; the timeouts, retries, credentials and database keys here are applied to its servers too;</li>
 * <li>{@code redis.timeout}, {@code redis.connect-timeout}, {@code redis.retry-attempts}: how long one Redis command
 * may take before it counts as failed (then the lookup goes to Clerk), the TCP connect timeout, and the retries of a
 * failed command (each one delays a lookup while Redis is down);</li>
 * <li>{@code redis.breaker.failures}, {@code redis.breaker.window}, {@code redis.breaker.probe-interval}: the breaker
 * in front of Redis ({@link RedisBreaker}) opens after that many failures within the window, and while open is
 * probed at that interval;</li>
 * <li>{@code clerk.cache.ttl}, {@code clerk.cache.negative-ttl}, {@code clerk.cache.tombstone-ttl}: lifetimes of a
 * cached user, of a "no such user/username" entry, and of a deleted user's tombstone (never shorter than the
 * first);</li>
 * <li>{@code clerk.cache.key-prefix}: prefix of the cache names (Redis keys), so that several Clerk instances can
 * share one Redis; no <code>{</code> or <code>}</code> (Redisson puts each cache's keys into one Redis Cluster hash
 * slot itself; a hash tag of the prefix's own would split them);</li>
 * <li>{@code clerk.cache.max-weight}, {@code clerk.cache.max-entries}: memory bound of the in-memory caches together
 * (a share of the heap such as {@code 25%}, or a size such as {@code 64m}; see {@link UserEntryWeigher}) and entry
 * bound of each;</li>
 * <li>{@code clerk.cache.batch-max-ids}: most distinct ids in one batch lookup;</li>
 * <li>{@code clerk.cache.excluded-fields}: top-level fields of Clerk's user document that are neither cached nor
 * returned (comma list; {@code none} keeps every field);</li>
 * <li>{@code clerk.cache.stale-if-error}, {@code clerk.cache.ttl-jitter}, {@code clerk.cache.early-refresh-beta},
 * {@code clerk.cache.ttl-min}, {@code clerk.cache.ttl-max}: how long past its freshness a copy may still answer when
 * Clerk cannot (0: never), the spread of each entry's TTL, the β of probabilistic early refresh (0: off), and the
 * bounds of the adaptive TTL (see {@link UserFreshness});</li>
 * <li>{@code clerk.lookup-deadline}: the time one lookup of the directory may take, Clerk's retries and waits for
 * other callers' loads included;</li>
 * <li>{@code clerk.cache.integrity-key}: base64 key (at least 32 bytes) of the HMAC tag on every Redis entry; unset,
 * one is derived from {@code clerk.secret-key}.</li>
 * <li>{@code clerk.cache.near.*}, {@code clerk.cache.lease-*}: the near cache in front of Redis and the
 * cross-instance load leases ({@link NearCacheSettings}).</li>
 * </ul>
 */
@ApplicationScoped
public class UserCacheConfig {

    /** Default of {@code redis.timeout}. */
    public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(500);
    /** Default of {@code redis.connect-timeout}. */
    public static final Duration DEFAULT_REDIS_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Default of {@code redis.retry-attempts}: none, each would delay lookups while Redis is down. */
    public static final int DEFAULT_REDIS_RETRY_ATTEMPTS = 0;
    /** Default of {@code redis.breaker.failures}. */
    public static final int DEFAULT_BREAKER_FAILURES = 3;
    /** Default of {@code redis.breaker.window}. */
    public static final Duration DEFAULT_BREAKER_WINDOW = Duration.ofSeconds(10);
    /** Default of {@code redis.breaker.probe-interval}. */
    public static final Duration DEFAULT_BREAKER_PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Default of {@code clerk.cache.ttl}. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** Default of {@code clerk.cache.negative-ttl}. */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(60);
    /** Default of {@code clerk.cache.tombstone-ttl}. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofHours(1);
    /** Default of {@code clerk.cache.key-prefix}. */
    public static final String DEFAULT_KEY_PREFIX = "clerk-cache:";
    /** Default of {@code clerk.cache.max-weight}: a quarter of the heap for the in-memory caches. */
    public static final String DEFAULT_MAX_WEIGHT = "25%";
    /** Default of {@code clerk.cache.max-entries}. */
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    /** Default of {@code clerk.cache.batch-max-ids}. */
    public static final int DEFAULT_BATCH_MAX_IDS = 1000;
    /** Default of {@code clerk.cache.excluded-fields}. */
    public static final String DEFAULT_EXCLUDED_FIELDS = "private_metadata";

    /** Default of {@code clerk.cache.stale-if-error}. */
    public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofHours(1);
    /** Default of {@code clerk.cache.ttl-jitter}: each entry's TTL within ±10 %. */
    public static final double DEFAULT_TTL_JITTER = 0.1;
    /** Default of {@code clerk.cache.early-refresh-beta}. */
    public static final double DEFAULT_EARLY_REFRESH_BETA = 1.0;
    /** Default of {@code clerk.cache.ttl-min}, as a divisor of {@code clerk.cache.ttl}. */
    public static final int DEFAULT_TTL_MIN_DIVISOR = 5;
    /** Default of {@code clerk.cache.ttl-max}, as a multiple of {@code clerk.cache.ttl}. */
    public static final int DEFAULT_TTL_MAX_FACTOR = 4;
    /** Default of {@code clerk.lookup-deadline}. */
    public static final Duration DEFAULT_LOOKUP_DEADLINE = Duration.ofSeconds(2);

    private static final String NO_EXCLUDED_FIELDS = "none";

    private Optional<String> redisUrl;
    private Optional<String> redisConfigFile;
    private Duration redisTimeout;
    private Duration redisConnectTimeout;
    private int redisRetryAttempts;
    private int breakerFailures;
    private Duration breakerWindow;
    private Duration breakerProbeInterval;
    private Duration ttl;
    private Duration negativeTtl;
    private Duration tombstoneTtl;
    private String keyPrefix;
    private long maxEntries;
    private int batchMaxIds;
    private Set<String> excludedFields;
    private Optional<byte[]> integrityKey;
    private Duration staleIfError;
    private double ttlJitter;
    private double earlyRefreshBeta;
    private Duration ttlMin;
    private Duration ttlMax;
    private Duration lookupDeadline;
    private RedisEndpoint redis;
    private long maxWeightBytes;
    private NearCacheSettings near;

    /** For CDI. */
    protected UserCacheConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    @Inject
    public UserCacheConfig(Config config) {
        this(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    public UserCacheConfig(Settings settings) {
        this.redisUrl = settings.text("redis.url");
        this.redisConfigFile = settings.text("redis.config-file");
        this.redis = RedisEndpoint.of(redisUrl, settings.text("redis.username"), settings.text("redis.password"),
                settings.text("redis.database"));
        this.redisTimeout = settings.positiveDuration("redis.timeout", DEFAULT_REDIS_TIMEOUT);
        this.redisConnectTimeout = settings.positiveDuration("redis.connect-timeout", DEFAULT_REDIS_CONNECT_TIMEOUT);
        this.redisRetryAttempts = settings.integer("redis.retry-attempts", DEFAULT_REDIS_RETRY_ATTEMPTS);
        if (redisRetryAttempts < 0) {
            throw Settings.invalid("redis.retry-attempts", "must be 0 or more, was " + redisRetryAttempts);
        }
        this.breakerFailures = settings.integer("redis.breaker.failures", DEFAULT_BREAKER_FAILURES);
        if (breakerFailures < 1) {
            throw Settings.invalid("redis.breaker.failures", "must be positive, was " + breakerFailures);
        }
        this.breakerWindow = settings.positiveDuration("redis.breaker.window", DEFAULT_BREAKER_WINDOW);
        this.breakerProbeInterval = settings.positiveDuration("redis.breaker.probe-interval",
                DEFAULT_BREAKER_PROBE_INTERVAL);
        this.ttl = settings.positiveDuration("clerk.cache.ttl", DEFAULT_TTL);
        this.negativeTtl = settings.positiveDuration("clerk.cache.negative-ttl", DEFAULT_NEGATIVE_TTL);
        this.tombstoneTtl = settings.positiveDuration("clerk.cache.tombstone-ttl", DEFAULT_TOMBSTONE_TTL);
        this.keyPrefix = checkKeyPrefix(settings.text("clerk.cache.key-prefix", DEFAULT_KEY_PREFIX));
        this.maxWeightBytes = MemorySize.parse("clerk.cache.max-weight",
                settings.text("clerk.cache.max-weight", DEFAULT_MAX_WEIGHT), Runtime.getRuntime().maxMemory());
        this.maxEntries = settings.longInteger("clerk.cache.max-entries", DEFAULT_MAX_ENTRIES);
        if (maxEntries < 1) {
            throw Settings.invalid("clerk.cache.max-entries", "must be positive, was " + maxEntries);
        }
        this.batchMaxIds = settings.integer("clerk.cache.batch-max-ids", DEFAULT_BATCH_MAX_IDS);
        if (batchMaxIds < 1) {
            throw Settings.invalid("clerk.cache.batch-max-ids", "must be positive, was " + batchMaxIds);
        }
        String excluded = settings.text("clerk.cache.excluded-fields", DEFAULT_EXCLUDED_FIELDS);
        this.excludedFields = excluded.equals(NO_EXCLUDED_FIELDS) ? Set.of()
                : Arrays.stream(excluded.split(",")).map(String::strip).filter(f -> !f.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        new UserProjection(this.excludedFields); // validates
        this.integrityKey = settings.text("clerk.cache.integrity-key").map(UserCacheConfig::decodeKey);
        this.staleIfError = settings.duration("clerk.cache.stale-if-error", DEFAULT_STALE_IF_ERROR);
        if (staleIfError.isNegative()) {
            throw Settings.invalid("clerk.cache.stale-if-error", "must be 0 (off) or more, was " + staleIfError);
        }
        this.ttlJitter = settings.number("clerk.cache.ttl-jitter", DEFAULT_TTL_JITTER);
        if (!(ttlJitter >= 0 && ttlJitter <= 0.5)) {
            throw Settings.invalid("clerk.cache.ttl-jitter", "must be between 0 and 0.5, was " + ttlJitter);
        }
        this.earlyRefreshBeta = settings.number("clerk.cache.early-refresh-beta", DEFAULT_EARLY_REFRESH_BETA);
        if (!(earlyRefreshBeta >= 0 && earlyRefreshBeta <= 100)) {
            throw Settings.invalid("clerk.cache.early-refresh-beta", "must be between 0 (off) and 100, was "
                    + earlyRefreshBeta);
        }
        this.ttlMin = settings.positiveDuration("clerk.cache.ttl-min", ttl.dividedBy(DEFAULT_TTL_MIN_DIVISOR));
        if (ttlMin.compareTo(ttl) > 0) {
            throw Settings.invalid("clerk.cache.ttl-min", "must not exceed clerk.cache.ttl (" + ttl + "), was "
                    + ttlMin);
        }
        this.ttlMax = settings.positiveDuration("clerk.cache.ttl-max", ttl.multipliedBy(DEFAULT_TTL_MAX_FACTOR));
        if (ttlMax.compareTo(ttl) < 0) {
            throw Settings.invalid("clerk.cache.ttl-max", "must not be less than clerk.cache.ttl (" + ttl
                    + "), was " + ttlMax);
        }
        this.lookupDeadline = settings.positiveDuration("clerk.lookup-deadline", DEFAULT_LOOKUP_DEADLINE);
        this.near = NearCacheSettings.read(settings);
    }

    private static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw Settings.invalid("clerk.cache.integrity-key", "must be base64 (value not shown)");
        }
        if (key.length < EntrySigner.MIN_KEY_BYTES) {
            throw Settings.invalid("clerk.cache.integrity-key", "must decode to at least "
                    + EntrySigner.MIN_KEY_BYTES + " bytes");
        }
        return key;
    }

    /**
     * Refuses braces: Redisson keeps each cache in several keys ({@code <name>} and {@code redisson__...:{<name>}})
     * that its scripts touch together, and wraps the name in a Redis Cluster hash tag itself only when the name has
     * none; a prefix with its own <code>{</code> or <code>}</code> would send them to different slots.
     */
    private static String checkKeyPrefix(String prefix) {
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw Settings.invalid("clerk.cache.key-prefix", "must not contain '{' or '}', was '" + prefix
                    + "': the caches' keys are put into one Redis Cluster hash slot automatically, a hash tag of your"
                    + " own would split them");
        }
        if (prefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw Settings.invalid("clerk.cache.key-prefix", "must not contain spaces or control characters");
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

    /** Failures of Redis within {@link #breakerWindow()} that open the breaker. */
    public int breakerFailures() {
        return breakerFailures;
    }

    public Duration breakerWindow() {
        return breakerWindow;
    }

    /** How often an open breaker asks whether Redis is back. */
    public Duration breakerProbeInterval() {
        return breakerProbeInterval;
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

    /** How long past its freshness a copy may answer a lookup Clerk cannot answer; zero: never. */
    public Duration staleIfError() {
        return staleIfError;
    }

    /** The spread of each entry's TTL: drawn within {@code ttl × (1 ± ttlJitter)} when the entry is written. */
    public double ttlJitter() {
        return ttlJitter;
    }

    /** The β of probabilistic early refresh; 0: entries are reloaded only once they are stale. */
    public double earlyRefreshBeta() {
        return earlyRefreshBeta;
    }

    /** The shortest TTL the adaptive TTL gives a user that changes often. */
    public Duration ttlMin() {
        return ttlMin;
    }

    /** The longest TTL the adaptive TTL gives a user that does not change. */
    public Duration ttlMax() {
        return ttlMax;
    }

    /** The time one lookup of the directory may take, retries and waits included. */
    public Duration lookupDeadline() {
        return lookupDeadline;
    }

    /**
     * How long a user entry is kept in the cache: the longest freshness (the largest TTL, with jitter) and the stale
     * window after it. Freshness is decided from the entry when it is read ({@link UserFreshness}).
     */
    public Duration userEntryLifetime() {
        return Duration.ofMillis((long) Math.ceil(ttlMax.toMillis() * (1 + ttlJitter))).plus(staleIfError);
    }

    /** How long a username index entry is kept: its freshness ({@code clerk.cache.ttl}) and the stale window. */
    public Duration usernameEntryLifetime() {
        return ttl.plus(staleIfError);
    }

    /** The near cache and the load leases (used only with Redis). */
    public NearCacheSettings near() {
        return near;
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
                + " (adaptive " + ttlMin + " to " + ttlMax + ", jitter " + ttlJitter + ", early refresh beta "
                + earlyRefreshBeta + "), stale-if-error " + staleIfError + ", lookup deadline " + lookupDeadline
                + ", fields left out " + excludedFields + (usesRedis() ? ", " + near : "");
    }
}
