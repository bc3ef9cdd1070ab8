package io.clerkcache.users;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import io.clerkcache.clerk.ClerkUser;

/**
 * The first cache layer: what this request has already looked up, so that the same user asked for twice in one
 * request (a page that renders an author and checks the same user's role, say) reaches the shared cache once. Lives
 * as long as the request; never shared between threads of different requests.
 */
@RequestScoped
public class RequestMemo {

    private int upstreamLookups;

    private final Map<String, Optional<ClerkUser>> byId = new HashMap<>();
    private final Map<String, Optional<ClerkUser>> byUsername = new HashMap<>();

    /**
     * How many ids or usernames this request had to ask of Clerk (counted on the thread that asked: a request that
     * waited for another request's load of the same user counts 0). Exposed as the response header
     * {@code Clerk-Cache-Upstream-Lookups}.
     */
    public int upstreamLookups() {
        return upstreamLookups;
    }

    /** Counts lookups this request asked of Clerk. */
    public void countUpstream(int n) {
        upstreamLookups += n;
    }

    /** What this request found for an id, or {@code null} if it has not looked it up. */
    Optional<ClerkUser> byId(String id) {
        return byId.get(id);
    }

    /** What this request found for a lower-cased username, or {@code null} if it has not looked it up. */
    Optional<ClerkUser> byUsername(String usernameLower) {
        return byUsername.get(usernameLower);
    }

    void rememberId(String id, Optional<ClerkUser> user) {
        byId.put(id, user);
    }

    void rememberUsername(String usernameLower, Optional<ClerkUser> user) {
        byUsername.put(usernameLower, user);
        user.ifPresent(u -> byId.put(u.id(), user));
    }

    /** Forgets everything. */
    void forgetAll() {
        byId.clear();
        byUsername.clear();
    }

    /** Forgets a user (after a write or an invalidation in this request). */
    void forget(String id) {
        byId.remove(id);
        byUsername.values().removeIf(u -> u.isPresent() && u.get().id().equals(id));
    }
}
