package io.clerkcache.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.cache.CacheException;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.LookupStats;
import io.clerkcache.users.cache.StringKey;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.users.cache.UserLoader;
import io.clerkcache.users.cache.UsernameEntry;

/**
 * Clerk users, fast: the entry point for other EE modules ({@code @Inject UserDirectory users}) and for the HTTP API.
 *
 * <p>A lookup goes through three layers: the {@linkplain RequestMemo request memo} (within one request, each user is
 * looked up once; skipped outside a request), the shared JCache (Redis, or in-memory), and Clerk's Backend API. Users
 * Clerk does not know are remembered for {@code clerk.cache.negative-ttl}; a user found by username is always checked
 * to still carry that username.
 *
 * <p>Thread-safe. Clerk's failures reach the caller as the client's typed exceptions
 * ({@code io.clerkcache.clerk.ClerkException} and subclasses); a failing cache never fails a lookup (it is skipped and
 * counted), but a failing invalidation is thrown.
 */
@ApplicationScoped
public class UserDirectory {

    private UserLoader loader;
    private UserCaches caches;
    private ClerkClient clerk;
    private LookupStats stats;
    private RequestMemos memos;
    private Duration negativeTtl;
    private int maxBatch;
    private Clock clock;

    /** For CDI. */
    protected UserDirectory() {
    }

    @Inject
    public UserDirectory(UserLoader loader, UserCaches caches, ClerkClient clerk, LookupStats stats,
            RequestMemos memos, UserCacheConfig config, Clock clock) {
        this.loader = loader;
        this.caches = caches;
        this.clerk = clerk;
        this.stats = stats;
        this.memos = memos;
        this.negativeTtl = config.negativeTtl();
        this.maxBatch = config.batchMaxIds();
        this.clock = clock;
    }

    /**
     * The user with this id.
     *
     * @param id a Clerk user id ({@code user_...})
     * @return the user, or empty if Clerk does not know the id
     * @throws InvalidLookupException if the id is malformed (nothing is looked up)
     */
    public Optional<ClerkUser> byId(String id) {
        requireValidId(id);
        return memoized(memo -> memo.byId(id), (memo, user) -> memo.rememberId(id, user), () -> cachedById(id));
    }

    /**
     * The user with this username (compared without regard to case, as Clerk does).
     *
     * @return the user, or empty if no user has this username now
     * @throws InvalidLookupException if the username is malformed (nothing is looked up)
     */
    public Optional<ClerkUser> byUsername(String username) {
        if (username == null || !ClerkIds.isValidUsername(username)) {
            throw new InvalidLookupException("not a valid username: " + describe(username));
        }
        String key = username.toLowerCase(Locale.ROOT);
        return memoized(memo -> memo.byUsername(key), (memo, user) -> memo.rememberUsername(key, user),
                () -> cachedByUsername(key));
    }

    /**
     * Many users at once: request-memo hits first, then one multi-get on the cache, then Clerk for the rest (in calls
     * of at most 100 ids). Every user is cached as its own entry, shared with {@link #byId(String)}.
     *
     * @param ids user ids; duplicates are looked up once
     * @return the users found in request order, and the ids Clerk does not know
     * @throws InvalidLookupException if an id is malformed or there are more than {@code clerk.cache.batch-max-ids}
     *                                distinct ids (nothing is looked up)
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
        stats.requested(distinct.size());

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
        stats.memoHits(distinct.size() - notInMemo.size());

        if (!notInMemo.isEmpty()) {
            Map<String, Optional<ClerkUser>> fetched = fromCacheOrClerk(notInMemo);
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
        Object cached = caches.guarded(UserCaches.USERS).get(new StringKey(id));
        evicting(() -> {
            loader.evictUser(id);
            if (cached instanceof CachedUser cu && !cu.isMissing() && cu.user().username() != null) {
                loader.evictUsername(cu.user().username().toLowerCase(Locale.ROOT));
            }
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
            loader.evictAllUsers();
            loader.evictAllUsernames();
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
        stats.requested(1);
        RequestMemo memo = memo();
        if (memo != null) {
            Optional<ClerkUser> known = recall.apply(memo);
            if (known != null) {
                stats.memoHits(1);
                return known;
            }
        }
        Optional<ClerkUser> user = lookup.get();
        if (memo != null) {
            remember.accept(memo, user);
        }
        return user;
    }

    private Optional<ClerkUser> cachedById(String id) {
        stats.cacheRequests(1);
        CachedUser entry = loader.byId(id);
        if (entry.isExpiredNegative(clock.instant(), negativeTtl)) {
            // Drop it and read again, so that concurrent callers share one Clerk call (single flight); a popular
            // unknown id would otherwise send every caller to Clerk each time its negative entry expires.
            forget(UserCaches.USERS, id);
            entry = loader.byId(id);
            if (entry.isExpiredNegative(clock.instant(), negativeTtl)) {
                entry = loader.reloadById(id); // the entry could not be dropped (Redis failing)
            }
        }
        return entry.asOptional();
    }

    /** Drops an entry the directory found outdated; a failure is counted by the error policy and otherwise ignored. */
    private void forget(String cache, String key) {
        try {
            caches.guarded(cache).remove(new StringKey(key));
        } catch (RuntimeException counted) {
            // the caller falls back to an unconditional reload
        }
    }

    private Optional<ClerkUser> cachedByUsername(String key) {
        stats.cacheRequests(1);
        UsernameEntry index = loader.byUsername(key);
        if (index.isExpiredNegative(clock.instant(), negativeTtl)) {
            return ownerFromClerk(key);
        }
        if (index.isMissing()) {
            return Optional.empty();
        }
        Optional<ClerkUser> user = cachedById(index.userId());
        if (user.isPresent() && hasUsername(user.get(), key)) {
            return user;
        }
        // The index is stale (the user was renamed or deleted since): ask Clerk who has the username now.
        return ownerFromClerk(key);
    }

    private Optional<ClerkUser> ownerFromClerk(String key) {
        // Drop the outdated index entry and read it again: concurrent callers share one Clerk call.
        forget(UserCaches.USERNAMES, key);
        UsernameEntry index = loader.byUsername(key);
        if (index.isExpiredNegative(clock.instant(), negativeTtl)) {
            index = loader.reloadByUsername(key); // the entry could not be dropped (Redis failing)
        }
        if (index.isMissing()) {
            return Optional.empty();
        }
        // The reload stored the owner Clerk named. Should the cache hold an older copy of that user (a concurrent
        // write, or the put failed), ask Clerk for the user itself rather than answer a false "not found".
        Optional<ClerkUser> user = cachedById(index.userId());
        if (user.isPresent() && hasUsername(user.get(), key)) {
            return user;
        }
        return loader.reloadById(index.userId()).asOptional().filter(u -> hasUsername(u, key));
    }

    private static boolean hasUsername(ClerkUser user, String usernameLower) {
        return usernameLower.equalsIgnoreCase(user.username());
    }

    private Map<String, Optional<ClerkUser>> fromCacheOrClerk(List<String> ids) {
        stats.cacheRequests(ids.size());
        var users = caches.guarded(UserCaches.USERS);
        Set<Object> keys = new LinkedHashSet<>(ids.size() * 2);
        for (String id : ids) {
            keys.add(new StringKey(id));
        }
        Map<Object, Object> hits = users.getAll(keys);

        Instant now = clock.instant();
        Map<String, Optional<ClerkUser>> result = new LinkedHashMap<>(ids.size() * 2);
        List<String> toLoad = new ArrayList<>();
        for (String id : ids) {
            if (hits.get(new StringKey(id)) instanceof CachedUser cu && !cu.isExpiredNegative(now, negativeTtl)) {
                result.put(id, cu.asOptional());
            } else {
                toLoad.add(id);
            }
        }
        if (toLoad.isEmpty()) {
            return result;
        }

        stats.upstreamLookups(toLoad.size());
        RequestMemo memo = memo();
        if (memo != null) {
            memo.countUpstream(toLoad.size());
        }
        Map<String, ClerkUser> loaded = new HashMap<>(toLoad.size() * 2);
        for (ClerkUser u : clerk.getUsers(toLoad)) {
            loaded.put(u.id(), u);
        }
        Instant fetchedAt = clock.instant();
        Map<Object, Object> entries = new LinkedHashMap<>(toLoad.size() * 2);
        for (String id : toLoad) {
            ClerkUser u = loaded.get(id);
            entries.put(new StringKey(id), u == null ? CachedUser.missing(fetchedAt) : CachedUser.found(u, fetchedAt));
            result.put(id, Optional.ofNullable(u));
        }
        users.putAll(entries);
        return result;
    }

    private RequestMemo memo() {
        return memos.current();
    }

    private static void requireValidId(String id) {
        if (id == null || !ClerkIds.isValidUserId(id)) {
            throw new InvalidLookupException("not a valid Clerk user id: " + describe(id));
        }
    }

    private static String describe(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
