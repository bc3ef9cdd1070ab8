package io.clerkcache.jcache;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an invalidation leaves in a cache in place of the entry it drops, when shared invalidation is on
 * ({@link JCacheSettings#sharedInvalidation()}).
 *
 * <p>A load writes its value only over the exact state it observed before it started ({@code putIfAbsent} over
 * nothing, {@code replace(key, observed, value)} over a marker or an older value). An invalidation replaces whatever
 * is there with a new marker, so every load that started before it, in this JVM or any other sharing the cache,
 * finds its write refused by the cache itself. The library's reads treat a marker as a miss; it expires with the
 * cache's own expiry.
 *
 * <p>Code that reads such a cache directly sees markers as values; a codec for a remote cache must be able to store
 * them (they are {@link Serializable}; a text codec stores {@link #token()} and {@link #at()}).
 *
 * @param token unique per invalidation, so that two markers are never equal (no ABA)
 * @param at    when the invalidation happened, in epoch milliseconds (for people reading the cache)
 */
public record InvalidationMarker(String token, long at) implements Serializable {

    /** Validates the marker. */
    public InvalidationMarker {
        requireNonNull(token, "token");
    }

    /** A new marker with a random 128-bit token. */
    public static InvalidationMarker create() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new InvalidationMarker(Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()),
                System.currentTimeMillis());
    }
}
