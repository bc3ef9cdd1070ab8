package io.clerkcache.users.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.clerkcache.clerk.ClerkUser;

/**
 * What the user cache holds for one user id: Clerk's user, or the fact that Clerk did not know the id ("not found" is
 * a value, not a null: JCache forbids nulls and a negative entry spares Clerk repeated lookups of a bad id).
 *
 * @param user      the user, or {@code null} for a negative entry
 * @param fetchedAt when the value was read from Clerk
 */
public record CachedUser(ClerkUser user, Instant fetchedAt) {

    public CachedUser {
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** A positive entry. */
    public static CachedUser found(ClerkUser user, Instant fetchedAt) {
        return new CachedUser(Objects.requireNonNull(user, "user"), fetchedAt);
    }

    /** A negative entry: Clerk answered that there is no such user. */
    public static CachedUser missing(Instant fetchedAt) {
        return new CachedUser(null, fetchedAt);
    }

    /** Whether this is a negative entry. */
    public boolean isMissing() {
        return user == null;
    }

    /** The user, if this is a positive entry. */
    public Optional<ClerkUser> asOptional() {
        return Optional.ofNullable(user);
    }

    /**
     * Whether a negative entry has outlived its own, shorter lifetime. Negative entries share the cache (and its
     * TTL) with positive ones, so their shorter life is enforced when they are read.
     */
    public boolean isExpiredNegative(Instant now, Duration negativeTtl) {
        return isMissing() && fetchedAt.plus(negativeTtl).isBefore(now);
    }
}
