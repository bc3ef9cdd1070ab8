package io.clerkcache.users;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.cache.CacheException;

import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.CacheState;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCacheWrites;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.users.cache.UserFreshness;
import io.clerkcache.users.cache.UserTagIndex;
import io.clerkcache.users.cache.UserTags;

/**
 * Changes of users that this service learns of without asking Clerk: Clerk's webhooks (created, updated, deleted)
 * and invalidation by tag. Every method here either applies its change to the shared cache or throws (a
 * {@link CacheException}), so that a webhook that could not be applied is answered 5xx and delivered again.
 *
 * <h2>Versions</h2>
 * Events come at least once, in any order, sometimes hours late. A user's version is Clerk's {@code updated_at}.
 * {@link #changed} stores the event's user over a cached copy only if it is newer; where no copy is cached it stores
 * the user only when nothing newer can have been applied and forgotten meanwhile:
 * <ul>
 *   <li>over an invalidation marker or a remembered absence, if the user's version is later than that trace (by
 *       more than {@link #CLOCK_SKEW}, Clerk's clock against this one);</li>
 *   <li>over nothing, if the version is younger than half the cache TTL: a newer event would have left its value or
 *       its marker, which live a whole TTL.</li>
 * </ul>
 * Otherwise the entry is invalidated and the next lookup asks Clerk, which is always right. A deleted user's
 * tombstone refuses every later event.
 */
@ApplicationScoped
public class UserChanges {

    /** How far Clerk's clock ({@code updated_at}) and this JVM's (markers, absences) may disagree. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(UserChanges.class.getName());

    /** What became of a change. */
    public enum Outcome {
        /** The event's user is cached now. */
        APPLIED,
        /** The cache holds the same version or a newer one: the event was older news. */
        STALE,
        /** Nothing cached could be compared with: the entry was invalidated, the next lookup asks Clerk. */
        INVALIDATED,
        /** The user was deleted: the event was ignored. */
        DELETED
    }

    private UserCaches caches;
    private UserCacheWrites writes;
    private UserTagIndex tags;
    private RequestMemos memos;
    private Clock clock;
    private long youngMillis;
    private UserFreshness freshness;

    /** For CDI. */
    protected UserChanges() {
    }

    @Inject
    public UserChanges(UserCaches caches, UserCacheWrites writes, UserTagIndex tags, RequestMemos memos,
            UserCacheConfig config, Clock clock, UserFreshness freshness) {
        this.freshness = freshness;
        this.caches = caches;
        this.writes = writes;
        this.tags = tags;
        this.memos = memos;
        this.clock = clock;
        this.youngMillis = config.ttl().toMillis() / 2;
    }

    /**
     * A user as Clerk sent it in {@code user.created} or {@code user.updated}: cached if it is the newest version
     * this service can know of (see the class comment), with its tags and username index.
     *
     * @throws CacheException if the change could not be applied (nothing, or only a harmless part, was written)
     */
    public Outcome changed(ClerkUser user) {
        String id = user.id();
        if (writes.tombstone(id) != null) {
            return Outcome.DELETED;
        }
        ClerkUser projected = caches.projection().apply(user);
        writes.addTags(projected);
        AtomicReference<CachedUser> replaced = new AtomicReference<>();
        // a changed user lives shorter (adaptive TTL: the entry's TTL is halved from the copy it replaces)
        CachedUser written = guarded(() -> caches.users().update(id, state -> {
            replaced.set(state.value());
            return supersedes(user, state) ? freshness.changed(projected, state.value()) : null;
        }));
        forgetInMemo(id);
        if (written != null) {
            writes.moveUsername(replaced.get(), projected);
            return Outcome.APPLIED;
        }
        if (replaced.get() != null) {
            return Outcome.STALE;
        }
        guarded(() -> {
            caches.users().invalidate(id);
            if (user.username() != null) {
                caches.usernames().invalidate(ClerkIds.usernameKey(user.username()));
            }
            return null;
        });
        return Outcome.INVALIDATED;
    }

    /** Whether {@code user} may be written over {@code state} (see the class comment). */
    boolean supersedes(ClerkUser user, CacheState<CachedUser> state) {
        long version = user.updatedAt();
        if (state.hasValue()) {
            return version > state.value().user().updatedAt();
        }
        long skew = CLOCK_SKEW.toMillis();
        if (state.marker() != null) {
            return version > state.marker().at() + skew;
        }
        if (state.absence() != null) {
            return version > state.absence().at() + skew;
        }
        return clock.millis() - version < youngMillis;
    }

    /**
     * Clerk deleted the user: a tombstone, then the entry and its username index entry invalidated.
     *
     * @throws CacheException if the change could not be applied
     */
    public void deleted(String id) {
        guarded(() -> {
            writes.delete(id);
            return null;
        });
        forgetInMemo(id);
    }

    /**
     * Drops every cached user that carried {@code tag} when it was cached ({@link UserTags}: {@code role:<role>},
     * {@code org:<organization id>}), on every instance: the tag's member set is read and its users invalidated in
     * one write per cache, without scanning the cache.
     *
     * @return how many users were invalidated (members who have lost the tag since are counted and dropped too), or
     *         -1 when the in-memory tag index had outgrown its bound and every cached user was invalidated
     * @throws InvalidLookupException if the tag is malformed
     * @throws CacheException if the cache could not be changed
     */
    public int invalidateTag(String tag) {
        if (!UserTags.isValid(tag)) {
            throw new InvalidLookupException("not a valid tag: expected role:<role> or org:<organization id>");
        }
        Set<String> members = guarded(() -> tags.members(tag).orElse(null));
        if (members == null) {
            LOG.info(() -> "Tag " + tag + " outgrew the in-memory index: invalidating every cached user");
            guarded(() -> {
                caches.users().invalidateAll();
                caches.usernames().invalidateAll();
                return null;
            });
            RequestMemo memo = memos.current();
            if (memo != null) {
                memo.forgetAll();
            }
            return -1;
        }
        if (members.isEmpty()) {
            return 0;
        }
        guarded(() -> {
            Map<String, CachedUser> cached = caches.users().getAllIfPresent(members);
            caches.users().invalidateAll(members);
            Set<String> names = new HashSet<>();
            cached.values().forEach(c -> {
                if (c.user().username() != null) {
                    names.add(ClerkIds.usernameKey(c.user().username()));
                }
            });
            caches.usernames().invalidateAll(names);
            return null;
        });
        members.forEach(this::forgetInMemo);
        return members.size();
    }

    private void forgetInMemo(String id) {
        RequestMemo memo = memos.current();
        if (memo != null) {
            memo.forget(id);
        }
    }

    private static <T> T guarded(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (CacheException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new CacheException("the change could not be applied: " + e.getMessage(), e);
        }
    }
}
