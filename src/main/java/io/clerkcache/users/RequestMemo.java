package io.clerkcache.users;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.RequestScoped;

import io.clerkcache.clerk.ClerkUser;

/**
 * The first cache layer: what this request has already looked up, so that the same user asked for twice in one
 * request (a page that renders an author and checks the same user's role, say) reaches the shared cache once. Lives
 * as long as the request; thread-safe, for a request that hands work to other threads.
 */
@RequestScoped
public class RequestMemo {

    // Concurrent maps: a request may hand work to other threads (context propagation) that share this memo.
    private final AtomicInteger upstreamLookups = new AtomicInteger();
    private final AtomicLong staleAgeMillis = new AtomicLong(-1);
    private final Map<String, Optional<ClerkUser>> byId = new ConcurrentHashMap<>();
    private final Map<String, Optional<ClerkUser>> byUsername = new ConcurrentHashMap<>();

    /**
     * How many ids or usernames this request had to ask of Clerk (counted on the thread that asked: a request that
     * waited for another request's load of the same user counts 0). Exposed as the response header
     * {@code Clerk-Cache-Upstream-Lookups}.
     */
    public int upstreamLookups() {
        return upstreamLookups.get();
    }

    /** Counts lookups this request asked of Clerk. */
    public void countUpstream(int n) {
        upstreamLookups.addAndGet(n);
    }

    /**
     * The age of the oldest stale copy this request was answered with (stale-if-error: Clerk could not answer, or
     * not within the lookup deadline, and a copy past its freshness answered instead); empty when every user this
     * request looked up was fresh. Exposed as the response header {@code Clerk-Cache-Stale: age=<seconds>}.
     */
    public Optional<Duration> staleAge() {
        long millis = staleAgeMillis.get();
        return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /** Records that a copy of age {@code age} answered a lookup of this request. */
    void servedStale(Duration age) {
        staleAgeMillis.accumulateAndGet(age.toMillis(), Math::max);
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
        // Empty results go too: the invalidated user may have taken a username this request found unused.
        byUsername.values().removeIf(u -> u.isEmpty() || u.get().id().equals(id));
    }
}
