package io.clerkcache.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import io.clerkcache.api.BatchBulkhead;
import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.metrics.Recorder;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * What this instance's caches are doing, for operators and other modules ({@code @Inject CacheReport}): the cache
 * type and whether Redis answers, hit ratios per layer, Clerk calls since start and in the last minute, the rate
 * budget, per-cache counts, webhook deliveries, and with Redis its circuit breaker ({@code redisBreaker}: state, since
 * when, the in-JVM layer's entries, commands skipped, the valid-after instant of the last outage). {@code GET /api/cache/stats} and the status page answer
 * {@link #json()}; every number is read from the {@link Recorder}, as {@code /metrics} exports it.
 */
@ApplicationScoped
public class CacheReport {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    Recorder recorder;
    @Inject
    UserCaches caches;
    @Inject
    UserCacheConfig config;
    @Inject
    BatchBulkhead batches;
    @Inject
    RedisProbe redis;
    @Inject
    ClerkRateBudget budget;

    /** Where the shared cache lives: {@code redis} or {@code in-memory}. */
    public String cacheType() {
        return caches.backend();
    }

    /** Whether Redis answered the last probe (at most 2 s old); {@code false} in memory. */
    public boolean redisAvailable() {
        return redis.state() == RedisProbe.State.UP;
    }

    /** The whole report, as {@code GET /api/cache/stats} answers it. */
    public JsonObject json() {
        Recorder.Lookups s = recorder.lookups();
        JsonObjectBuilder byOperation = JSON.createObjectBuilder();
        recorder.clerkCallsByOperation().forEach(byOperation::add);
        JsonObjectBuilder perCache = JSON.createObjectBuilder();
        for (String logical : new String[] {UserCaches.USERS, UserCaches.USERNAMES}) {
            String name = caches.physicalName(logical);
            Recorder.CacheCounts c = recorder.cache(name);
            JsonObjectBuilder one = JSON.createObjectBuilder();
            caches.memoryUse(logical).ifPresent(m -> one.add("entries", m.entries())
                    .add("weightBytes", m.weightBytes()).add("maxWeightBytes", m.maxBytes()));
            caches.nearUse(logical).ifPresent(m -> {
                Recorder.NearCounts n = recorder.near(name);
                one.add("near", JSON.createObjectBuilder().add("entries", m.entries())
                        .add("weightBytes", m.weightBytes()).add("maxWeightBytes", m.maxBytes())
                        .add("hits", n.hits()).add("misses", n.misses()));
            });
            perCache.add(logical, one
                    .add("name", name)
                    .add("hits", c.hits())
                    .add("misses", c.misses())
                    .add("negativeHits", c.negativeHits())
                    .add("loads", c.loads())
                    .add("loadFailures", c.loadFailures())
                    .add("backendErrors", c.backendErrors())
                    .add("singleFlightWaits", c.singleFlightWaits())
                    .add("singleFlightTimeouts", c.singleFlightTimeouts()));
        }
        RedisProbe.State redisState = redis.state();
        JsonObjectBuilder report = JSON.createObjectBuilder()
                .add("cacheType", caches.backend())
                .add("redisAvailable", redisState == RedisProbe.State.UP)
                .add("redis", redisState.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        caches.breaker().map(b -> b.status()).ifPresent(b -> report.add("redisBreaker", JSON.createObjectBuilder()
                .add("state", b.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .add("since", b.since().toString())
                .add("localEntries", caches.localLayerEntries())
                .add("skippedCommands", recorder.redisCallsSkipped())
                .add("entriesValidAfter", b.entriesValidAfter().toString())));
        return report
                .add("hitRatios", JSON.createObjectBuilder()
                        .add("memo", ratio(s.memoHits(), s.requested()))
                        .add("cache", ratio(s.cacheHits(), s.cacheRequests()))
                        .add("overall", ratio(s.requested() - s.upstreamLookups(), s.requested())))
                .add("upstream", JSON.createObjectBuilder()
                        .add("callsSinceStart", recorder.clerkCallsTotal())
                        .add("callsLastMinute", recorder.clerkCallsLastMinute())
                        .add("lookupsSinceStart", s.upstreamLookups()))
                .add("rateBudget", rateBudget())
                .add("backend", caches.backend())
                .add("ttlSeconds", config.ttl().toSeconds())
                .add("negativeTtlSeconds", config.negativeTtl().toSeconds())
                .add("lookups", JSON.createObjectBuilder()
                        .add("requested", s.requested())
                        .add("memoHits", s.memoHits())
                        .add("cacheRequests", s.cacheRequests())
                        .add("cacheHits", s.cacheHits())
                        .add("upstreamLookups", s.upstreamLookups()))
                .add("caches", perCache)
                .add("admission", JSON.createObjectBuilder()
                        .add("batchesRunning", batches.running())
                        .add("batchesRefused", recorder.batchesBusyCount())
                        .add("callerLimited", recorder.callerLimitedCount()))
                .add("clerk", JSON.createObjectBuilder()
                        .add("calls", recorder.clerkCallsTotal())
                        .add("callsByOperation", byOperation)
                        .add("retries", recorder.clerkRetries())
                        .add("rateLimited", recorder.clerkRateLimitedAnswers())
                        .add("unavailable", recorder.clerkCalls("unavailable"))
                        .add("batchCalls", recorder.clerkBatchCalls())
                        .add("batchIds", recorder.clerkBatchIdsTotal()))
                .add("webhooks", webhookCounts())
                .build();
    }

    /** The request budget: where it is counted, its limit and the one in force, and what waited for it. */
    private JsonObjectBuilder rateBudget() {
        ClerkRateBudget.State state = budget.state();
        JsonObjectBuilder acquired = JSON.createObjectBuilder();
        recorder.clerkBudgetAcquired().forEach(acquired::add);
        return JSON.createObjectBuilder()
                .add("mode", state.mode())
                .add("limit", state.requests())
                .add("windowMillis", state.window().toMillis())
                .add("currentLimit", state.currentRequests())
                .add("blockedForMillis", state.blockedFor().toMillis())
                .add("acquired", acquired)
                .add("waitedMillis", recorder.clerkBudgetWaited().toMillis())
                .add("rateLimitedAnswers", recorder.clerkRateLimitedAnswers())
                .add("refusedLocally", recorder.clerkRefusedLocallyCount())
                .add("bulkheadRefused", recorder.clerkBulkheadRefusedCount())
                .add("coalescedCalls", recorder.clerkCoalescedCalls())
                .add("coalescedIds", recorder.clerkCoalescedIds());
    }

    /** {@code part / whole}, rounded to 4 places; 0 when there is no whole yet. */
    static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    private JsonObjectBuilder webhookCounts() {
        JsonObjectBuilder byType = JSON.createObjectBuilder();
        recorder.webhooks().forEach((type, outcomes) -> {
            JsonObjectBuilder o = JSON.createObjectBuilder();
            outcomes.forEach(o::add);
            byType.add(type, o);
        });
        return byType;
    }
}
