package io.clerkcache.users.cache;

import java.time.Instant;
import java.util.Objects;

import io.clerkcache.clerk.ClerkUser;

/**
 * What the user cache holds for one user id: Clerk's user and when it was read. Ids Clerk does not know are
 * remembered in the cache's absence cache, with their own, shorter expiry.
 *
 * @param user      the user
 * @param fetchedAt when the user was read from Clerk
 */
public record CachedUser(ClerkUser user, Instant fetchedAt) {

    public CachedUser {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }
}
