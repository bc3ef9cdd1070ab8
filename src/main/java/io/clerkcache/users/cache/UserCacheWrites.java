package io.clerkcache.users.cache;

import java.time.Clock;
import java.util.Objects;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.cache.CacheException;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheValue;

import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.AbsentValue;

/**
 * The user cache's writes, declared with the JSR-107 annotations on the {@value UserCaches#USERS} cache (bound to the
 * directory's load path, so they follow its rules: loads in flight anywhere do not write over them). Each method's
 * body keeps the secondary structures in step before the annotation's own write: the tag sets, the username index,
 * the tombstones.
 */
@ApplicationScoped
public class UserCacheWrites {

    private UserCaches caches;
    private UserTagIndex tags;
    private Clock clock;

    /** For CDI. */
    protected UserCacheWrites() {
    }

    @Inject
    public UserCacheWrites(UserCaches caches, UserTagIndex tags, Clock clock) {
        this.caches = caches;
        this.tags = tags;
        this.clock = clock;
    }

    /** Binds the annotations' cache name to the directory's load path before any of the methods below runs. */
    @PostConstruct
    void bindCacheName() {
        caches.users();
    }

    /**
     * Stores a user as Clerk answered a write ({@code @CachePut}, after this body): the user joins its tag sets and
     * the username index follows a rename. A failure of the entry's write is skipped and counted (the write to Clerk
     * happened; Clerk's webhook for it or the TTL replaces the old entry).
     *
     * @throws CacheException if the tag sets could not be written (nothing is stored then)
     */
    @CachePut(cacheName = UserCaches.USERS)
    public void store(@CacheKey String id, @CacheValue CachedUser entry) {
        if (!entry.user().id().equals(id)) {
            throw new IllegalArgumentException("entry of " + entry.user().id() + " stored under " + id);
        }
        addTags(entry.user());
        moveUsername(caches.users().getIfPresent(id), entry.user());
    }

    /**
     * Records that Clerk deleted a user ({@code @CacheRemove}, after this body): a tombstone answers "not found"
     * without a Clerk call for {@code clerk.cache.tombstone-ttl}, and refuses later events of the user; the username
     * index entry goes.
     *
     * @throws CacheException if the tombstone or the invalidation could not be written
     */
    @CacheRemove(cacheName = UserCaches.USERS)
    public void delete(@CacheKey String id) {
        CachedUser cached = caches.users().getIfPresent(id);
        try {
            caches.tombstones().put(id, new AbsentValue(clock.millis()));
        } catch (RuntimeException e) {
            throw asCacheException("the tombstone of " + id + " could not be written", e);
        }
        if (cached != null && cached.user().username() != null) {
            caches.usernames().invalidate(ClerkIds.usernameKey(cached.user().username()));
        }
    }

    /**
     * Adds the user to the sets of its tags, before its entry is written.
     *
     * @throws CacheException if the sets could not be written
     */
    public void addTags(ClerkUser user) {
        try {
            tags.add(user.id(), UserTags.of(user));
        } catch (RuntimeException e) {
            throw asCacheException("the tags of " + user.id() + " could not be written", e);
        }
    }

    /**
     * After {@code user} replaced {@code previous} (either may be {@code null}): the old name's index entry goes, the
     * new name points at the user (and forgets that nobody had it).
     */
    public void moveUsername(CachedUser previous, ClerkUser user) {
        String oldName = previous == null ? null : previous.user().username();
        String newName = user.username();
        if (oldName != null && !Objects.equals(ClerkIds.usernameKey(oldName), newName == null ? null
                : ClerkIds.usernameKey(newName))) {
            caches.usernames().invalidate(ClerkIds.usernameKey(oldName));
        }
        if (newName != null) {
            caches.usernames().put(ClerkIds.usernameKey(newName), new UsernameEntry(user.id(), clock.instant()));
        }
    }

    /** The user's tombstone, if Clerk deleted it lately; {@code null} otherwise. */
    public AbsentValue tombstone(String id) {
        try {
            return caches.tombstones().get(id) instanceof AbsentValue a ? a : null;
        } catch (RuntimeException e) {
            throw asCacheException("the tombstone of " + id + " could not be read", e);
        }
    }

    /**
     * Which of {@code ids} have a tombstone, in one read.
     *
     * @throws CacheException if the tombstones could not be read
     */
    public java.util.Set<String> tombstoned(java.util.Set<String> ids) {
        try {
            java.util.Set<String> found = new java.util.HashSet<>();
            caches.tombstones().getAll(ids).forEach((k, v) -> {
                if (v instanceof AbsentValue) {
                    found.add((String) k);
                }
            });
            return found;
        } catch (RuntimeException e) {
            throw asCacheException("tombstones could not be read", e);
        }
    }

    static CacheException asCacheException(String what, RuntimeException e) {
        return e instanceof CacheException c ? c : new CacheException(what + ": " + e.getMessage(), e);
    }
}
