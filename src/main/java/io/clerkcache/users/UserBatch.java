package io.clerkcache.users;

import java.util.List;

import io.clerkcache.clerk.ClerkUser;

/**
 * The answer to a lookup of many ids.
 *
 * @param users   the users found, in the order of the request (each once, at its first position)
 * @param missing the ids Clerk does not know, in the order of the request
 */
public record UserBatch(List<ClerkUser> users, List<String> missing) {

    public UserBatch {
        users = List.copyOf(users);
        missing = List.copyOf(missing);
    }
}
