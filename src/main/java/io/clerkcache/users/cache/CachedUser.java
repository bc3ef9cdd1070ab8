package io.clerkcache.users.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.clerkcache.clerk.ClerkUser;

/**
 * What the user cache holds for one user id: Clerk's user, when it was read, and how long it is fresh. The entry
 * itself outlives its freshness (by {@code clerk.cache.stale-if-error}), and {@link UserFreshness} decides at read
 * time what it is still good for. Ids Clerk does not know are remembered in the cache's absence cache, with their
 * own, shorter expiry.
 *
 * @param user       the user
 * @param fetchedAt  when the user was read from Clerk
 * @param ttl        the entry's own TTL before jitter (adaptive: see {@link UserFreshness}); {@code null} for an
 *                   entry written without one (an older format), which then has {@code clerk.cache.ttl}
 * @param freshUntil until when the entry is fresh (its TTL with jitter, from {@code fetchedAt}); {@code null} for an
 *                   entry written without one, which is fresh for {@code clerk.cache.ttl} from {@code fetchedAt}
 * @param loadTime   how long the load that read it took (the δ of early refresh); zero when unknown
 */
public record CachedUser(ClerkUser user, Instant fetchedAt, Duration ttl, Instant freshUntil, Duration loadTime) {

    public CachedUser {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        loadTime = loadTime == null || loadTime.isNegative() ? Duration.ZERO : loadTime;
    }

    /** An entry without a TTL of its own: fresh for {@code clerk.cache.ttl} from {@code fetchedAt}. */
    public CachedUser(ClerkUser user, Instant fetchedAt) {
        this(user, fetchedAt, null, null, Duration.ZERO);
    }
}
