package io.clerkcache.users.cache;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.RequestMemo;
import io.clerkcache.users.RequestMemos;

/**
 * The cached single lookups, declared with the standard JSR-107 annotations: a method body runs only on a cache miss
 * (once per key in this JVM at a time: the interceptors' single flight), and what it returns is cached.
 *
 * <p>Keys are the plain user id, or the lower-cased username ({@link StringKeyGenerator}); caches are resolved by
 * {@link UserCacheResolverFactory}. Clerk errors propagate to the caller and nothing is cached for them.
 */
@ApplicationScoped
@CacheDefaults(cacheKeyGenerator = StringKeyGenerator.class, cacheResolverFactory = UserCacheResolverFactory.class)
public class UserLoader {

    private ClerkClient clerk;
    private UserCaches caches;
    private LookupStats stats;
    private RequestMemos memos;
    private Clock clock;

    /** For CDI. */
    protected UserLoader() {
    }

    @Inject
    public UserLoader(ClerkClient clerk, UserCaches caches, LookupStats stats, RequestMemos memos,
            Clock clock) {
        this.clerk = clerk;
        this.caches = caches;
        this.stats = stats;
        this.memos = memos;
        this.clock = clock;
    }

    /** The cached entry for a user id, loaded from Clerk on a miss. */
    @CacheResult(cacheName = UserCaches.USERS)
    public CachedUser byId(@CacheKey String id) {
        return load(id);
    }

    /** Loads a user id from Clerk and replaces its entry, whatever the cache held (used for expired negatives). */
    @CacheResult(cacheName = UserCaches.USERS, skipGet = true)
    public CachedUser reloadById(@CacheKey String id) {
        return load(id);
    }

    /** The username index entry for a lower-cased username, asked of Clerk on a miss. */
    @CacheResult(cacheName = UserCaches.USERNAMES)
    public UsernameEntry byUsername(@CacheKey String usernameLower) {
        return loadUsername(usernameLower);
    }

    /** Asks Clerk for a username and replaces its index entry (used when the index proved stale). */
    @CacheResult(cacheName = UserCaches.USERNAMES, skipGet = true)
    public UsernameEntry reloadByUsername(@CacheKey String usernameLower) {
        return loadUsername(usernameLower);
    }

    /** Drops the cached entry of a user id; a failure to do so is thrown (a silent one would be a stale read). */
    @CacheRemove(cacheName = UserCaches.USERS)
    public void evictUser(@CacheKey String id) {
        // the interceptor removes the entry
    }

    /** Drops the username index entry of a lower-cased username. */
    @CacheRemove(cacheName = UserCaches.USERNAMES)
    public void evictUsername(@CacheKey String usernameLower) {
        // the interceptor removes the entry
    }

    /** Drops every cached user. */
    @CacheRemoveAll(cacheName = UserCaches.USERS)
    public void evictAllUsers() {
        // the interceptor clears the cache
    }

    /** Drops the whole username index. */
    @CacheRemoveAll(cacheName = UserCaches.USERNAMES)
    public void evictAllUsernames() {
        // the interceptor clears the cache
    }

    private CachedUser load(String id) {
        countUpstream();
        Optional<ClerkUser> user = clerk.getUser(id);
        return user.map(u -> CachedUser.found(u, clock.instant())).orElseGet(() -> CachedUser.missing(clock.instant()));
    }

    private UsernameEntry loadUsername(String usernameLower) {
        countUpstream();
        Optional<ClerkUser> user = clerk.getUserByUsername(usernameLower);
        if (user.isEmpty()) {
            return UsernameEntry.missing(clock.instant());
        }
        ClerkUser u = user.get();
        // Clerk sent the whole user: keep it, so that the lookup by id that follows is a hit.
        caches.guarded(UserCaches.USERS).put(new StringKey(u.id()), CachedUser.found(u, clock.instant()));
        return UsernameEntry.of(u.id(), clock.instant());
    }

    private void countUpstream() {
        stats.upstreamLookups(1);
        RequestMemo memo = memos.current();
        if (memo != null) {
            memo.countUpstream(1);
        }
    }
}
