package io.clerkcache.users.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * What the username index holds for one lower-cased username: the id of the user who had it when Clerk was asked.
 * The user entry found through it is always checked to still carry the username. Usernames nobody has are
 * remembered in the index's absence cache.
 *
 * @param userId    the user id
 * @param fetchedAt when Clerk was asked
 */
public record UsernameEntry(String userId, Instant fetchedAt) {

    public UsernameEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }
}
