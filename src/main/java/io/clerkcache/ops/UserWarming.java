package io.clerkcache.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.InvalidLookupException;
import io.clerkcache.users.UserBatch;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * Cache warming for other EE modules ({@code @Inject UserWarming warming}) and for {@code POST /api/cache/warm}:
 * loads users into the shared cache before anyone asks for them.
 *
 * <p>{@link #warm} skips the ids cached already (one multi-get on the cache), and loads the rest through the
 * directory's batch path ({@link UserDirectory#byIds}) in Clerk calls of up to {@value #IDS_PER_CALL} ids: the same
 * single flight, tombstones, absence entries and invalidation guard as any lookup. Its Clerk calls are paced so that
 * warming never spends the budget live lookups need: at most {@code clerk.warm.rate} calls per second for all
 * warmings of this instance, none while Clerk's rate limit blocks calls (waited out, at most
 * {@code clerk.warm.max-wait} per call), and a pause before calling again after Clerk failed.
 *
 * <p>Warming runs on the warming executor ({@link WarmingExecutor}), outside any HTTP request: it is not subject to
 * the per-caller limit on Clerk calls and fills no request memo, from whatever thread it is called.
 */
@ApplicationScoped
public class UserWarming {

    /** Most ids per Clerk call: Clerk's cap on the {@code user_id} filter. */
    public static final int IDS_PER_CALL = ClerkClient.MAX_IDS_PER_REQUEST;

    private UserDirectory directory;
    private UserCaches caches;
    private WarmingExecutor executor;
    private WarmingPace pace;
    private Clock clock;
    private int maxIds;
    private int idsPerCall;

    /** For CDI. */
    protected UserWarming() {
    }

    @Inject
    public UserWarming(UserDirectory directory, UserCaches caches, UserCacheConfig cacheConfig, ClerkRateBudget budget,
            WarmingConfig config, WarmingExecutor executor, Clock clock) {
        this(directory, caches, cacheConfig, executor, clock, new WarmingPace(budget, clock,
                d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()), config.callsPerSecond(), config.maxWait()));
    }

    UserWarming(UserDirectory directory, UserCaches caches, UserCacheConfig cacheConfig, WarmingExecutor executor,
            Clock clock, WarmingPace pace) {
        this.directory = directory;
        this.caches = caches;
        this.executor = executor;
        this.clock = clock;
        this.pace = pace;
        this.maxIds = cacheConfig.batchMaxIds();
        // A batch path configured for fewer ids than Clerk takes in one call gets calls of its size.
        this.idsPerCall = Math.min(IDS_PER_CALL, maxIds);
    }

    /**
     * Caches the users with these ids, unless cached already, and waits until that is done.
     *
     * @param ids user ids; duplicates are warmed once
     * @return how many of them are cached now, and which ids Clerk does not know
     * @throws InvalidLookupException if an id is malformed or there are more than {@code clerk.cache.batch-max-ids}
     *                                distinct ids (nothing is looked up)
     * @throws io.clerkcache.clerk.ClerkException if Clerk still fails, or its rate limit still blocks calls, after
     *                                            {@code clerk.warm.max-wait}; the users of the chunks done stay cached
     */
    public WarmResult warm(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        Set<String> distinct = new LinkedHashSet<>(ids.size() * 2);
        for (String id : ids) {
            if (id == null || !ClerkIds.isValidUserId(id)) {
                throw new InvalidLookupException("not a valid Clerk user id: "
                        + (id == null ? "null" : WarmingConfig.shown(id)));
            }
            distinct.add(id);
        }
        if (distinct.size() > maxIds) {
            throw new InvalidLookupException("too many ids: " + distinct.size() + " (at most " + maxIds + ")");
        }
        if (distinct.isEmpty()) {
            return new WarmResult(0, List.of());
        }
        List<String> valid = List.copyOf(distinct);
        WarmingProgress progress = new WarmingProgress("on demand", Level.FINE, clock);
        Future<WarmResult> run = executor.submit(() -> warmAll(valid, progress));
        try {
            return run.get();
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cache warming", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("cache warming was interrupted", cause);
        }
    }

    /**
     * Warms {@code ids} (valid and distinct, any number) on the current thread, reporting each step to
     * {@code progress}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting for its turn (the application stops)
     */
    WarmResult warmAll(List<String> ids, WarmingProgress progress) throws InterruptedException {
        try {
            Map<String, CachedUser> cached = caches.users().getAllIfPresent(new LinkedHashSet<>(ids));
            List<String> toLoad = new ArrayList<>(ids.size() - cached.size());
            for (String id : ids) {
                if (!cached.containsKey(id)) {
                    toLoad.add(id);
                }
            }
            int chunks = (toLoad.size() + idsPerCall - 1) / idsPerCall;
            progress.started(ids.size(), cached.size(), chunks);
            int warmed = cached.size();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                List<String> chunk = List.copyOf(toLoad.subList(i * idsPerCall,
                        Math.min(toLoad.size(), (i + 1) * idsPerCall)));
                UserBatch batch = pace.call(ClerkOperation.LIST_USERS_BY_ID, () -> directory.byIds(chunk));
                Set<String> found = new LinkedHashSet<>();
                for (ClerkUser user : batch.users()) {
                    found.add(user.id());
                }
                // Counted from the cache, not from the answer: a write that failed (Redis down) warmed nothing.
                int nowWarm = found.isEmpty() ? 0 : caches.users().getAllIfPresent(found).size();
                warmed += nowWarm;
                missing.addAll(batch.missing());
                progress.chunk(i + 1, chunk.size(), nowWarm, batch.missing().size());
            }
            progress.finished();
            return new WarmResult(warmed, missing);
        } catch (InterruptedException e) {
            progress.failed("interrupted (the application is stopping)");
            throw e;
        } catch (RuntimeException | Error e) {
            progress.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }

    /** The pace of warming's Clerk calls, for the other calls warming makes (listing users). */
    WarmingPace pace() {
        return pace;
    }
}
