package io.clerkcache.users.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the username index holds for one (lower-cased) username: the id of the user who had it when Clerk was asked,
 * or nothing (a negative entry). The user entry found through it is always checked to still carry the username.
 *
 * @param userId    the user id, or {@code null} for a negative entry
 * @param fetchedAt when Clerk was asked
 */
public record UsernameEntry(String userId, Instant fetchedAt) {

    public UsernameEntry {
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    public static UsernameEntry of(String userId, Instant fetchedAt) {
        return new UsernameEntry(Objects.requireNonNull(userId, "userId"), fetchedAt);
    }

    public static UsernameEntry missing(Instant fetchedAt) {
        return new UsernameEntry(null, fetchedAt);
    }

    public boolean isMissing() {
        return userId == null;
    }

    /** See {@link CachedUser#isExpiredNegative(Instant, Duration)}. */
    public boolean isExpiredNegative(Instant now, Duration negativeTtl) {
        return isMissing() && fetchedAt.plus(negativeTtl).isBefore(now);
    }
}
