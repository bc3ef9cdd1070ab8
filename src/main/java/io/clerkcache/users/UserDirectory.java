package io.clerkcache.users;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.cache.CacheException;

import io.clerkcache.clerk.CallDeadline;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.jcache.ValueLoader;
import io.clerkcache.metrics.Recorder;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCacheWrites;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.users.cache.UserFreshness;
import io.clerkcache.users.cache.UsernameEntry;

/**
 * Clerk users, fast: the entry point for other EE modules ({@code @Inject UserDirectory users}) and for the HTTP API.
 *
 * <p>A lookup goes through three layers: the {@linkplain RequestMemo request memo} (within one request, each user is
 * looked up once; skipped outside a request), the shared JCache (Redis, or in-memory), and Clerk's Backend API. Every
 * path (by id, by username, batch) reads and writes the cache through the JCache library's one load path
 * ({@link LoadingCache}): concurrent misses of a user share one Clerk call, and an invalidation wins over loads in
 * flight on every instance. Users Clerk does not know are remembered for {@code clerk.cache.negative-ttl}; a user
 * found by username is always checked to still carry that username.
 *
 * <p>A lookup that has to ask Clerk first takes its share of the caller's limit ({@link UpstreamLimiter}).
 *
 * <p>Every public lookup runs under {@code clerk.lookup-deadline} ({@link CallDeadline}): Clerk's retries, waits for
 * another caller's load of the same user, batch chunks. An entry past its freshness is reloaded; if Clerk is
 * unavailable, times out, refuses for rate, or the deadline passes, a copy younger than
 * {@code clerk.cache.stale-if-error} answers instead, and the request memo records its age
 * ({@link RequestMemo#staleAge()}; over HTTP the {@code Clerk-Cache-Stale} header). See {@link UserFreshness}.
 *
 * <p>Thread-safe. Clerk's failures reach the caller as the client's typed exceptions
 * ({@code io.clerkcache.clerk.ClerkException} and subclasses); a failing cache never fails a lookup (it is skipped and
 * counted), but a failing invalidation is thrown.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class.getName());

    private UserCaches caches;
    private UserCacheWrites writes;
    private ClerkClient clerk;
    private Recorder stats;
    private RequestMemos memos;
    private UpstreamLimiter limiter;
    private int maxBatch;
    private Clock clock;
    private UserFreshness freshness;
    private Duration lookupDeadline;

    /** For CDI. */
    protected UserDirectory() {
    }

    @Inject
    public UserDirectory(UserCaches caches, UserCacheWrites writes, ClerkClient clerk, Recorder stats,
            RequestMemos memos, UpstreamLimiter limiter, UserCacheConfig config, Clock clock,
            UserFreshness freshness) {
        this.caches = caches;
        this.writes = writes;
        this.clerk = clerk;
        this.stats = stats;
        this.memos = memos;
        this.limiter = limiter;
        this.maxBatch = config.batchMaxIds();
        this.clock = clock;
        this.freshness = freshness;
        this.lookupDeadline = config.lookupDeadline();
    }

    /**
     * The user with this id.
     *
     * @param id a Clerk user id ({@code user_...})
     * @return the user, or empty if Clerk does not know the id
     * @throws InvalidLookupException if the id is malformed (nothing is looked up)
     * @throws CallerRateLimitedException if the user is not cached and this caller has caused too many Clerk calls
     */
    public Optional<ClerkUser> byId(String id) {
        requireValidId(id);
        try (CallDeadline deadline = CallDeadline.start(lookupDeadline)) {
            return memoized(memo -> memo.byId(id), (memo, user) -> memo.rememberId(id, user),
                    () -> withOwnLimit(() -> cachedById(id)));
        }
    }

    /**
     * The user with this username (compared without regard to case, as Clerk does).
     *
     * @return the user, or empty if no user has this username now
     * @throws InvalidLookupException if the username is malformed (nothing is looked up)
     * @throws CallerRateLimitedException if the name is not cached and this caller has caused too many Clerk calls
     */
    public Optional<ClerkUser> byUsername(String username) {
        if (username == null || !ClerkIds.isValidUsername(username)) {
            throw new InvalidLookupException("not a valid username: " + describe(username));
        }
        String key = ClerkIds.usernameKey(username);
        try (CallDeadline deadline = CallDeadline.start(lookupDeadline)) {
            return memoized(memo -> memo.byUsername(key), (memo, user) -> memo.rememberUsername(key, user),
                    () -> withOwnLimit(() -> cachedByUsername(key)));
        }
    }

    /**
     * Many users at once: request-memo hits first, then one multi-get on the cache, then Clerk for the rest (in calls
     * of at most 100 ids). Every user is cached as its own entry, shared with {@link #byId(String)}.
     *
     * @param ids user ids; duplicates are looked up once
     * @return the users found in request order, and the ids Clerk does not know
     * @throws InvalidLookupException if an id is malformed or there are more than {@code clerk.cache.batch-max-ids}
     *                                distinct ids (nothing is looked up)
     * @throws CallerRateLimitedException if users are not cached and this caller has caused too many Clerk calls
     */
    public UserBatch byIds(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        Set<String> distinct = new LinkedHashSet<>(ids.size() * 2);
        for (String id : ids) {
            requireValidId(id);
            distinct.add(id);
        }
        if (distinct.size() > maxBatch) {
            throw new InvalidLookupException("too many ids: " + distinct.size() + " (at most " + maxBatch + ")");
        }
        stats.lookupsRequested(distinct.size());

        Map<String, Optional<ClerkUser>> found = new HashMap<>(distinct.size() * 2);
        RequestMemo memo = memo();
        List<String> notInMemo = new ArrayList<>(distinct.size());
        for (String id : distinct) {
            Optional<ClerkUser> known = memo == null ? null : memo.byId(id);
            if (known != null) {
                found.put(id, known);
            } else {
                notInMemo.add(id);
            }
        }
        if (memo != null) {
            stats.memo(distinct.size(), distinct.size() - notInMemo.size());
        }

        if (!notInMemo.isEmpty()) {
            Map<String, Optional<ClerkUser>> fetched;
            try (CallDeadline deadline = CallDeadline.start(lookupDeadline)) {
                fetched = withOwnLimit(() -> fromCacheOrClerk(notInMemo));
            }
            found.putAll(fetched);
            if (memo != null) {
                fetched.forEach(memo::rememberId);
            }
        }

        List<ClerkUser> users = new ArrayList<>(distinct.size());
        List<String> missing = new ArrayList<>();
        for (String id : distinct) {
            Optional<ClerkUser> u = found.get(id);
            if (u.isPresent()) {
                users.add(u.get());
            } else {
                missing.add(id);
            }
        }
        return new UserBatch(users, missing);
    }

    /**
     * Drops what this service has cached for a user (its entry, its username's index entry, and this request's memo),
     * so that the next lookup asks Clerk.
     *
     * @throws InvalidLookupException if the id is malformed
     * @throws javax.cache.CacheException if the cache could not be changed (the entry may still be served)
     */
    public void invalidate(String id) {
        requireValidId(id);
        CachedUser cached = caches.users().getIfPresent(id);
        evicting(() -> {
            caches.users().invalidate(id);
            if (cached != null && cached.user().username() != null) {
                caches.usernames().invalidate(ClerkIds.usernameKey(cached.user().username()));
            }
            // The user may have taken a name that was looked up while nobody had it; which name is unknown here
            // (the cached copy has the old one), so every remembered "nobody has this name" goes.
            caches.usernames().invalidateAbsences();
        });
        RequestMemo memo = memo();
        if (memo != null) {
            memo.forget(id);
        }
    }

    /**
     * Drops every cached user and the whole username index (for operators: after a bulk change in Clerk, say).
     *
     * @throws javax.cache.CacheException if the cache could not be changed
     */
    public void invalidateAll() {
        evicting(() -> {
            caches.users().invalidateAll();
            caches.usernames().invalidateAll();
        });
        RequestMemo memo = memo();
        if (memo != null) {
            memo.forgetAll();
        }
    }

    /**
     * Runs an eviction, reporting its failure as a {@link CacheException} whatever the provider threw (Redisson
     * throws its own runtime exceptions), so that callers and the HTTP layer can tell "not invalidated" apart.
     */
    private static void evicting(Runnable eviction) {
        try {
            eviction.run();
        } catch (CacheException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheException("the cache could not be changed: " + e.getMessage(), e);
        }
    }

    /** A single lookup through the request memo (when there is a request) in front of {@code lookup}. */
    private Optional<ClerkUser> memoized(Function<RequestMemo, Optional<ClerkUser>> recall,
            BiConsumer<RequestMemo, Optional<ClerkUser>> remember, Supplier<Optional<ClerkUser>> lookup) {
        stats.lookupsRequested(1);
        RequestMemo memo = memo();
        if (memo != null) {
            Optional<ClerkUser> known = recall.apply(memo);
            stats.memo(1, known != null ? 1 : 0);
            if (known != null) {
                return known;
            }
        }
        Optional<ClerkUser> user = lookup.get();
        if (memo != null) {
            remember.accept(memo, user);
        }
        return user;
    }

    /**
     * Runs a lookup; if it failed on another caller's limit (it had joined that caller's load of the same user), runs
     * it once more, so that a caller pays for its own misses only.
     */
    private <T> T withOwnLimit(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (CallerRateLimitedException e) {
            if (limiter.isCurrentCaller(e)) {
                throw e;
            }
            return lookup.get();
        }
    }

    private Optional<ClerkUser> cachedById(String id) {
        CachedUser entry = ownedBy(id, caches.leases().get(caches.users(), UserCaches.USERS, id, freshness.users(), this::loadById));
        noteIfStale(entry);
        return Optional.ofNullable(entry).map(CachedUser::user);
    }

    /** Records in the request memo that a copy past its freshness answered (stale-if-error). */
    private void noteIfStale(CachedUser entry) {
        if (entry != null && freshness.isStale(entry)) {
            RequestMemo memo = memo();
            if (memo != null) {
                memo.servedStale(freshness.age(entry.fetchedAt()));
            }
        }
    }

    /**
     * {@code entry} if it is the user {@code id}, else Clerk's copy written over it. An entry under another user's id
     * was put there by something other than this service (entries are signed, but a signed entry can be copied to
     * another field): serving it would hand out another user's document and roles.
     */
    private CachedUser ownedBy(String id, CachedUser entry) {
        if (entry == null || entry.user().id().equals(id)) {
            return entry;
        }
        LOG.warning(() -> "The cache entry of " + id + " holds another user; reloading it from Clerk");
        CachedUser reloaded = caches.users().reload(id, this::loadById);
        return reloaded == null || reloaded.user().id().equals(id) ? reloaded : null;
    }

    /**
     * Loads one user from Clerk; {@code null} (remembered as absent) when Clerk does not know the id, or when the user
     * was deleted lately (its tombstone answers without a call).
     */
    private CachedUser loadById(String id) {
        if (isDeleted(id)) {
            return null;
        }
        limiter.acquireSingle();
        requireTimeLeft(ClerkOperation.GET_USER);
        CachedUser previous = caches.users().getIfPresent(id);
        countUpstream(1);
        long start = System.nanoTime();
        Optional<ClerkUser> user = clerk.getUserCoalescing(id);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return user.map(u -> toEntry(u, previous, took)).orElse(null);
    }

    /**
     * Fails a load that would start after the lookup's deadline passed: the caller answers a stale copy if it has
     * one, else 503, instead of waiting for a Clerk call it has no time left for.
     */
    private static void requireTimeLeft(ClerkOperation operation) {
        if (CallDeadline.expired()) {
            throw new ClerkUnavailableException(operation, 0, null, null,
                    "the lookup's deadline (clerk.lookup-deadline) passed before Clerk could be asked", null);
        }
    }

    /** Whether the user has a tombstone; a tombstone that cannot be read counts as none (the lookup goes on). */
    private boolean isDeleted(String id) {
        try {
            return writes.tombstone(id) != null;
        } catch (CacheException e) {
            return false;
        }
    }

    private Optional<ClerkUser> cachedByUsername(String key) {
        UsernameLoad load = new UsernameLoad();
        UsernameEntry index = caches.leases().get(caches.usernames(), UserCaches.USERNAMES, key, freshness.usernames(), load);
        if (index == null) {
            return Optional.empty();
        }
        Optional<ClerkUser> user = load.user != null ? Optional.of(load.user) : cachedById(index.userId());
        if (user.isPresent() && hasUsername(user.get(), key)) {
            return user;
        }
        // The index is stale (its user was renamed or deleted since): ask Clerk who has the name now, and write the
        // answer over the stale entry.
        index = caches.usernames().reload(key, load);
        return index == null ? Optional.empty() : Optional.ofNullable(load.user).filter(u -> hasUsername(u, key));
    }

    /**
     * Asks Clerk who has a username. Clerk answers with the whole user: it is offered to the user cache (written only
     * where that cache holds nothing for the id, since this load observed nothing of that entry) and kept here for
     * the caller that ran the load.
     */
    private final class UsernameLoad implements ValueLoader<String, UsernameEntry, RuntimeException> {
        ClerkUser user;

        @Override
        public UsernameEntry load(String usernameLower) {
            limiter.acquireSingle();
            requireTimeLeft(ClerkOperation.LIST_USERS_BY_USERNAME);
            countUpstream(1);
            long start = System.nanoTime();
            Optional<ClerkUser> found = clerk.getUserByUsername(usernameLower);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (found.isEmpty()) {
                return null;
            }
            if (isDeleted(found.get().id())) {
                return null;
            }
            CachedUser entry = toEntry(found.get(), null, took);
            user = entry.user();
            caches.users().offer(user.id(), entry);
            return new UsernameEntry(user.id(), clock.instant());
        }
    }

    private static boolean hasUsername(ClerkUser user, String usernameLower) {
        return user.username() != null && usernameLower.equals(ClerkIds.usernameKey(user.username()));
    }

    private Map<String, Optional<ClerkUser>> fromCacheOrClerk(List<String> ids) {
        Map<String, CachedUser> found = caches.users().getAll(new LinkedHashSet<>(ids), freshness.users(),
                this::loadByIds);
        Map<String, Optional<ClerkUser>> result = new HashMap<>(ids.size() * 2);
        for (String id : ids) {
            CachedUser cu = ownedBy(id, found.get(id));
            noteIfStale(cu);
            result.put(id, cu == null ? Optional.empty() : Optional.of(cu.user()));
        }
        return result;
    }

    /** Loads users from Clerk (the client splits the ids into calls of at most 100); absent ids are not returned. */
    private Map<String, CachedUser> loadByIds(Set<String> ids) {
        Set<String> deleted;
        try {
            deleted = writes.tombstoned(ids);
        } catch (CacheException e) {
            deleted = Set.of(); // as for one id: unreadable tombstones count as none
        }
        List<String> alive = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!deleted.contains(id)) {
                alive.add(id);
            }
        }
        if (alive.isEmpty()) {
            return Map.of();
        }
        limiter.acquireBatch(alive.size());
        requireTimeLeft(ClerkOperation.LIST_USERS_BY_ID);
        Map<String, CachedUser> previous = caches.users().getAllIfPresent(new LinkedHashSet<>(alive));
        countUpstream(alive.size());
        long start = System.nanoTime();
        List<ClerkUser> users = clerk.getUsers(alive);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Map<String, CachedUser> loaded = new HashMap<>(alive.size() * 2);
        for (ClerkUser u : users) {
            loaded.put(u.id(), toEntry(u, previous.get(u.id()), took));
        }
        return loaded;
    }

    /**
     * A user from Clerk as it is cached and returned: without the fields configured to be left out, and added to the
     * sets of its tags before its entry is written (a tag set that cannot be written is logged by the failure, and
     * the entry is cached without it: a tag invalidation then misses it until it expires).
     */
    private CachedUser toEntry(ClerkUser user, CachedUser previous, Duration loadTime) {
        CachedUser entry = freshness.loaded(caches.projection().apply(user), previous, loadTime);
        try {
            writes.addTags(entry.user());
        } catch (CacheException e) {
            LOG.log(java.util.logging.Level.FINE, "tags not written", e);
        }
        return entry;
    }

    private void countUpstream(int n) {
        stats.upstreamLookups(n);
        RequestMemo memo = memo();
        if (memo != null) {
            memo.countUpstream(n);
        }
    }

    private RequestMemo memo() {
        return memos.current();
    }

    private static void requireValidId(String id) {
        if (id == null || !ClerkIds.isValidUserId(id)) {
            throw new InvalidLookupException("not a valid Clerk user id: " + describe(id));
        }
    }

    /** A caller-supplied value, shortened and made printable, for messages. */
    static String describe(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
