package io.clerkcache.jcache;

import java.time.Duration;

/**
 * How one lookup of a {@link LoadingCache} judges the value it finds, for caches whose entries outlive their
 * freshness (stale-if-error, early refresh): the cache's own expiry only bounds how long a copy may be kept, and the
 * policy says, at read time and from the value itself, what the copy is still good for. The library knows nothing
 * of what a value means; the policy does.
 *
 * <p>A policy is asked on the caller's thread, possibly several times per lookup: it must be quick and must not
 * throw. Lookups without a policy treat every cached value as {@link Freshness#FRESH}.
 *
 * @param <V> the value type
 */
public interface ReadPolicy<V> {

    /** What a cached value is good for. */
    enum Freshness {
        /** Answer it. */
        FRESH,
        /**
         * Answer it, and let one caller per key in this JVM reload it now (early refresh); the others answer the
         * cached value without waiting. A failed refresh is not the caller's failure: it answers the cached value.
         */
        REFRESH,
        /**
         * Reload it through the single flight; if that load fails with a failure {@link #serveStaleOn} accepts, or the
         * wait for another caller's load passes {@link #maxWait}, answer it (stale-if-error).
         */
        STALE,
        /** Too old to answer even on failure: a miss, whose load writes over it. */
        EXPIRED
    }

    /** What {@code value}, found in the cache now, is good for. */
    Freshness freshness(V value);

    /**
     * Whether a load that failed with {@code failure} may be answered with a {@link Freshness#STALE} copy (never asked
     * for an {@link Error}, which is always thrown).
     */
    default boolean serveStaleOn(Throwable failure) {
        return true;
    }

    /**
     * The longest this lookup waits for another caller's load of the same key (never longer than the library's
     * single-flight timeout): a caller with a deadline passes what is left of it. When the wait passes, a stale copy
     * is answered; without one, the caller loads by itself (its loader sees its own deadline).
     */
    default Duration maxWait() {
        return Defaults.FOREVER;
    }

    /** The policy of lookups that have none: every cached value is fresh. */
    @SuppressWarnings("unchecked")
    static <V> ReadPolicy<V> alwaysFresh() {
        return (ReadPolicy<V>) Defaults.ALWAYS_FRESH;
    }

    /** Constants of the interface, kept out of its public surface. */
    final class Defaults {
        static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);
        static final ReadPolicy<Object> ALWAYS_FRESH = value -> Freshness.FRESH;

        private Defaults() {
        }
    }
}
