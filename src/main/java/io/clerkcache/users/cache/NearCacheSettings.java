package io.clerkcache.users.cache;

import java.time.Duration;

import io.clerkcache.config.Settings;

/**
 * The near cache and the cross-instance load leases, as {@link UserCacheConfig} reads them (both apply only when the
 * caches live in Redis):
 * <ul>
 * <li>{@code clerk.cache.near.enabled}: a small cache of users in this JVM in front of Redis, dropped on every
 * instance through Redis pub/sub when an entry changes ({@link NearCache});</li>
 * <li>{@code clerk.cache.near.ttl}: how long this JVM keeps a copy at most, a backstop for a lost message;</li>
 * <li>{@code clerk.cache.near.max-weight}: its memory bound (a share of the heap such as {@code 5%}, or a size such
 * as {@code 32m}), weighed as {@link UserEntryWeigher} weighs;</li>
 * <li>{@code clerk.cache.lease-wait}: how long a cold lookup waits for another instance that is loading the same key
 * (bounded by the lookup's own deadline; {@code 0}: no leases, each instance loads for itself);</li>
 * <li>{@code clerk.cache.lease-ttl}: how long a load lease lives in Redis if its holder never releases it.</li>
 * </ul>
 *
 * @param enabled        {@code clerk.cache.near.enabled}
 * @param ttl            {@code clerk.cache.near.ttl}
 * @param maxWeightBytes {@code clerk.cache.near.max-weight}, in bytes
 * @param leaseWait      {@code clerk.cache.lease-wait}; zero: leases off
 * @param leaseTtl       {@code clerk.cache.lease-ttl}
 */
public record NearCacheSettings(boolean enabled, Duration ttl, long maxWeightBytes, Duration leaseWait,
        Duration leaseTtl) {

    /** Default of {@code clerk.cache.near.enabled}. */
    public static final boolean DEFAULT_ENABLED = true;
    /** Default of {@code clerk.cache.near.ttl}. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** Default of {@code clerk.cache.near.max-weight}. */
    public static final String DEFAULT_MAX_WEIGHT = "5%";
    /** Default of {@code clerk.cache.lease-wait}. */
    public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMillis(500);
    /** Default of {@code clerk.cache.lease-ttl}. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    static NearCacheSettings read(Settings settings) {
        boolean enabled = settings.bool("clerk.cache.near.enabled", DEFAULT_ENABLED);
        Duration ttl = settings.positiveDuration("clerk.cache.near.ttl", DEFAULT_TTL);
        long maxWeight = MemorySize.parse("clerk.cache.near.max-weight",
                settings.text("clerk.cache.near.max-weight", DEFAULT_MAX_WEIGHT), Runtime.getRuntime().maxMemory());
        Duration leaseWait = settings.duration("clerk.cache.lease-wait", DEFAULT_LEASE_WAIT);
        if (leaseWait.isNegative()) {
            throw Settings.invalid("clerk.cache.lease-wait", "must be 0 (off) or positive, was " + leaseWait);
        }
        Duration leaseTtl = settings.positiveDuration("clerk.cache.lease-ttl", DEFAULT_LEASE_TTL);
        if (leaseTtl.toMillis() < 1) {
            throw Settings.invalid("clerk.cache.lease-ttl", "must be at least 1 ms, was " + leaseTtl);
        }
        return new NearCacheSettings(enabled, ttl, maxWeight, leaseWait, leaseTtl);
    }

    /** Whether cold lookups take a lease in Redis. */
    public boolean leases() {
        return !leaseWait.isZero();
    }

    @Override
    public String toString() {
        return "near cache " + (enabled ? "on, TTL " + ttl + ", at most " + (maxWeightBytes >> 20) + " MiB" : "off")
                + ", lease wait " + (leases() ? leaseWait.toMillis() + " ms" : "off");
    }
}
