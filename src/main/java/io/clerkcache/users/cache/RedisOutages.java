package io.clerkcache.users.cache;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the service knows about Redis outages, for the entries that outlived one.
 *
 * <p>The contract: while Redis's {@link RedisBreaker} is open, invalidations (webhooks, {@code invalidate} calls)
 * reach this instance's in-JVM layer at most, never Redis; so when Redis answers again, an entry it holds may be one
 * that should have been invalidated. The instance whose breaker closes therefore writes the instant the outage ended
 * to {@code <key prefix>valid-after} in Redis (only ever raising it, and keeping it one tombstone TTL plus one TTL,
 * after which every entry written before it has expired); every instance re-reads that key every few seconds and when
 * its own breaker closes. {@link #entriesValidAfter()} is the latest instant known here: a cached entry fetched from
 * Clerk before it ({@link CachedUser#fetchedAt()}, on the injected clock) must be treated as not fresh, i.e. reloaded,
 * or served only if Clerk cannot answer. Instances of different hosts compare their own clocks: skew of a second or
 * two only widens or narrows what counts as stale by that much.
 */
@ApplicationScoped
public class RedisOutages {

    private UserCaches caches;

    /** For CDI. */
    protected RedisOutages() {
    }

    @Inject
    public RedisOutages(UserCaches caches) {
        this.caches = caches;
    }

    /**
     * Entries written before this instant may have missed an invalidation during an outage and must be treated as not
     * fresh (reloaded, or served stale only if Clerk cannot answer); {@link Instant#EPOCH} when no outage was seen
     * (and always with in-memory caches).
     */
    public Instant entriesValidAfter() {
        return caches.breaker().map(RedisBreaker::entriesValidAfter).orElse(Instant.EPOCH);
    }

    /** The breaker's state, since when, and the instant above; empty with in-memory caches. */
    public Optional<RedisBreaker.Status> breaker() {
        return caches.breaker().map(RedisBreaker::status);
    }

    /** Entries held by the in-JVM layer that serves while Redis is down. */
    public long localLayerEntries() {
        return caches.localLayerEntries();
    }
}
