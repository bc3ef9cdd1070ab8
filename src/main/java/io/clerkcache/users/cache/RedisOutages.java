package io.clerkcache.users.cache;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the service knows about Redis outages, for the entries that outlived one. (Being built for issue 10: the
 * breaker fills this in; until then no outage is ever recorded.)
 */
@ApplicationScoped
public class RedisOutages {

    /**
     * Entries written before this instant may have missed an invalidation during an outage and must be treated as not
     * fresh (reloaded, or served stale only if Clerk cannot answer); {@link Instant#EPOCH} when no outage was seen.
     */
    public Instant entriesValidAfter() {
        return Instant.EPOCH;
    }
}
