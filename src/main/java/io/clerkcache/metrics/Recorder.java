package io.clerkcache.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The one place the service counts what it does: lookups per layer, the cache's loads and failures, Clerk calls by
 * operation and outcome with their latency, ids per batch call, 429s, Redis errors by operation, webhook deliveries,
 * admission refusals. Every number lives in a {@link Meters} (MicroProfile Metrics on the server, exported at
 * {@code /metrics}), and the stats endpoint reads the same meters back. Thread-safe; each event is a map lookup and
 * an increment.
 *
 * <p>Metric names (application scope; Prometheus adds {@code _total}, {@code _seconds} and so on):
 * <ul>
 *   <li>{@code clerkcache.memo.lookups} {result=hit|miss} and {@code clerkcache.cache.lookups} {cache,
 *       result=hit|miss|negative-hit} — lookups per layer (a metric name per layer: Prometheus wants one set of tag
 *       names per metric name)</li>
 *   <li>{@code clerkcache.lookups.requested}, {@code clerkcache.lookups.upstream} — users asked for, and asked of
 *       Clerk</li>
 *   <li>{@code clerkcache.cache.loads} {cache} (timer), {@code clerkcache.cache.load.failures} {cache},
 *       {@code clerkcache.cache.singleflight.waits} {cache}, {@code clerkcache.cache.singleflight.timeouts}
 *       {cache}, {@code clerkcache.cache.stale.served} {cache} (stale-if-error), {@code clerkcache.cache.early.refreshes}
 *       {cache}, {@code clerkcache.cache.backend.errors} {cache, operation} — Redis errors</li>
 *   <li>{@code clerkcache.cache.near.lookups} {cache, result=hit|miss} — the near cache in front of Redis;
 *       {@code clerkcache.cache.leases} {cache, outcome=led|waited|gave-up|error} — cold lookups and the load leases
 *       shared by the instances</li>
 *   <li>{@code clerkcache.clerk.calls} {operation, outcome} (timer), {@code clerkcache.clerk.retries},
 *       {@code clerkcache.clerk.refused.locally}, {@code clerkcache.clerk.rate.limited} (429s received),
 *       {@code clerkcache.clerk.rate.limited.wait} (seconds of Retry-After the budget was blocked for),
 *       {@code clerkcache.clerk.batch.ids} (histogram: ids per batch call),
 *       {@code clerkcache.clerk.budget.acquired} {mode=shared|local|local-fallback} (timer: requests taken from the
 *       rate budget, and the time spent waiting for them), {@code clerkcache.clerk.bulkhead.refused},
 *       {@code clerkcache.clerk.coalesced.ids} (histogram: ids per call that joined single lookups)</li>
 *   <li>{@code clerkcache.webhooks} {type, outcome}</li>
 *   <li>{@code clerkcache.admission.refused} {reason=caller-limit|batches-busy}</li>
 *   <li>{@code clerkcache.redis.breaker.state} (gauge: 0 closed, 1 open, 2 half-open),
 *       {@code clerkcache.redis.breaker.transitions} {to=open|closed}, {@code clerkcache.redis.breaker.skipped} —
 *       Redis commands not sent while the breaker was open</li>
 * </ul>
 */
@ApplicationScoped
public class Recorder {

    private Meters meters;
    private final Map<String, Object> byTags = new ConcurrentHashMap<>();
    private final Map<String, CacheMeters> perCache = new ConcurrentHashMap<>();
    private final RecentCounter recentCalls = new RecentCounter();
    private volatile long lastAnsweredAt;
    private volatile long lastFailedAt;
    private volatile String lastFailure;

    private Meters.Count requested;
    private Meters.Count upstream;
    private Meters.Count memoHits;
    private Meters.Count memoMisses;
    private Meters.Count retries;
    private Meters.Count refusedLocally;
    private Meters.Count rateLimited;
    private Meters.Count rateLimitedWait;
    private Meters.Distribution batchIds;
    private Meters.Count bulkheadRefused;
    private Meters.Distribution coalescedIds;
    private Meters.Count callerLimited;
    private Meters.Count batchesBusy;

    /** For the CDI proxy only. */
    protected Recorder() {
    }

    /**
     * For CDI: the server's metrics (MicroProfile Metrics on Liberty, Micrometer on WildFly: {@link ServerMeters}),
     * counters of this JVM where there are none.
     */
    @Inject
    public Recorder(Instance<Object> beans) {
        this(ServerMeters.of(beans));
    }

    /** Takes this application's meters out of a server-wide registry when it is undeployed. */
    @PreDestroy
    void release() {
        if (meters instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove the application's meters", e);
            }
        }
    }

    /** A recorder on {@code meters}. */
    public Recorder(Meters meters) {
        this.meters = meters;
        requested = meters.counter("clerkcache.lookups.requested", "Users asked for, by id or username");
        upstream = meters.counter("clerkcache.lookups.upstream", "Users that had to be asked of Clerk");
        memoHits = meters.counter("clerkcache.memo.lookups", "Lookups that reached the request memo, by result",
                "result", "hit");
        memoMisses = meters.counter("clerkcache.memo.lookups", "Lookups that reached the request memo, by result",
                "result", "miss");
        retries = meters.counter("clerkcache.clerk.retries", "Clerk requests that repeated a failed read");
        refusedLocally = meters.counter("clerkcache.clerk.refused.locally",
                "Clerk calls refused without a request: no request of the rate budget free in time");
        rateLimited = meters.counter("clerkcache.clerk.rate.limited", "429 answers received from Clerk");
        rateLimitedWait = meters.counter("clerkcache.clerk.rate.limited.wait",
                "Seconds of Retry-After Clerk asked for, summed");
        batchIds = meters.histogram("clerkcache.clerk.batch.ids", "Ids per batch call to Clerk", MetricUnits.NONE);
        bulkheadRefused = meters.counter("clerkcache.clerk.bulkhead.refused",
                "Clerk calls refused because clerk.max-concurrent-calls were in flight");
        coalescedIds = meters.histogram("clerkcache.clerk.coalesced.ids",
                "Single-user loads joined into one list call to Clerk, per call", MetricUnits.NONE);
        callerLimited = meters.counter("clerkcache.admission.refused", "Requests refused before any work",
                "reason", "caller-limit");
        batchesBusy = meters.counter("clerkcache.admission.refused", "Requests refused before any work",
                "reason", "batches-busy");
    }

    /** A recorder of its own, in this JVM (tests, code built without CDI). */
    public static Recorder inMemory() {
        return new Recorder(new LocalMeters());
    }

    @SuppressWarnings("unchecked")
    private <M> M meter(String key, Function<String, M> create) {
        Object m = byTags.get(key);
        if (m == null) {
            m = byTags.computeIfAbsent(key, create::apply);
        }
        return (M) m;
    }

    // ------------------------------------------------------------------------------------------ lookups, memo

    public void lookupsRequested(long n) {
        requested.add(n);
    }

    /** Of {@code n} lookups that reached the request memo, {@code hits} were answered by it. */
    public void memo(long n, long hits) {
        if (hits > 0) {
            memoHits.add(hits);
        }
        if (n > hits) {
            memoMisses.add(n - hits);
        }
    }

    public void upstreamLookups(long n) {
        upstream.add(n);
    }

    // ------------------------------------------------------------------------------------------ cache layer

    private CacheMeters of(String cache) {
        CacheMeters m = perCache.get(cache);
        return m != null ? m : perCache.computeIfAbsent(cache, c -> new CacheMeters(meters, c));
    }

    public void cacheHit(String cache) {
        of(cache).hits.add(1);
    }

    public void cacheMiss(String cache) {
        of(cache).misses.add(1);
    }

    public void cacheNegativeHit(String cache) {
        of(cache).negativeHits.add(1);
    }

    /** A lookup's result by name: {@code hit}, {@code miss} or {@code negative-hit}. */
    public void cacheLookup(String cache, String result) {
        switch (result) {
            case "hit" -> cacheHit(cache);
            case "miss" -> cacheMiss(cache);
            case "negative-hit" -> cacheNegativeHit(cache);
            default -> throw new IllegalArgumentException("not a lookup result: " + result);
        }
    }

    public void cacheLoad(String cache, Duration took) {
        of(cache).loads.record(took.toNanos());
    }

    public void cacheLoadFailure(String cache) {
        of(cache).loadFailures.add(1);
    }

    public void singleFlightWait(String cache) {
        of(cache).singleFlightWaits.add(1);
    }

    public void singleFlightTimeout(String cache) {
        of(cache).singleFlightTimeouts.add(1);
    }

    public void staleServed(String cache) {
        of(cache).staleServed.add(1);
    }

    public void earlyRefresh(String cache) {
        of(cache).earlyRefreshes.add(1);
    }

    /** A read of the near cache in front of Redis: answered in this JVM ({@code hit}) or passed on to Redis. */
    public void nearLookup(String cache, boolean hit) {
        of(cache).near(hit).add(1);
    }

    /**
     * A cold lookup and the instances' load lease: {@code led} (took it and loaded), {@code waited} (another instance
     * loaded; its answer was taken), {@code gave-up} (waited, then loaded anyway), {@code error} (Redis did not
     * answer: loaded at once).
     */
    public void lease(String cache, String outcome) {
        count("lease " + cache + " " + outcome, "clerkcache.cache.leases", "Cold lookups and the instances' load lease",
                "cache", cache, "outcome", outcome);
    }

    /** The near cache's hits and misses of {@code cache} since start. */
    public NearCounts near(String cache) {
        CacheMeters m = perCache.get(cache);
        return m == null ? new NearCounts(0, 0) : new NearCounts(m.nearCount(true), m.nearCount(false));
    }

    /** A near cache's counts. */
    public record NearCounts(long hits, long misses) {
    }

    /** How often cold lookups of {@code cache} ended with a lease {@code outcome} (see {@link #lease}). */
    public long leaseCount(String cache, String outcome) {
        Object m = byTags.get("lease " + cache + " " + outcome);
        return m == null ? 0 : ((Meters.Count) m).count();
    }

    public void backendError(String cache, String operation) {
        of(cache).backendErrors(operation).add(1);
    }

    // ------------------------------------------------------------------------------------------ Clerk

    /** One HTTP request to Clerk, its outcome and how long it took. */
    public void clerkCall(String operation, String outcome, long nanos) {
        this.<Meters.Timing>meter("call " + operation + " " + outcome, k -> meters.timer("clerkcache.clerk.calls",
                "HTTP requests to Clerk", "operation", operation, "outcome", outcome)).record(nanos);
        recentCalls.increment();
        if ("unavailable".equals(outcome) || "rate-limited".equals(outcome)
                || "credentials-refused".equals(outcome)) {
            lastFailedAt = System.currentTimeMillis();
        } else {
            lastAnsweredAt = System.currentTimeMillis();
        }
    }

    /** Why the last failed request failed (no secrets, no user data). */
    public void clerkFailure(String reason) {
        lastFailure = reason;
        lastFailedAt = System.currentTimeMillis();
    }

    public void clerkRetry() {
        retries.add(1);
    }

    public void clerkRefusedLocally() {
        refusedLocally.add(1);
    }

    public void clerkRateLimited(Duration retryAfter) {
        rateLimited.add(1);
        rateLimitedWait.add(Math.max(0, retryAfter.toSeconds()));
    }

    public void clerkBatchIds(int n) {
        batchIds.record(n);
    }

    /** One request taken from the rate budget, counted in {@code mode}, after waiting {@code nanos} for it. */
    public void clerkBudgetAcquired(String mode, long nanos) {
        this.<Meters.Timing>meter("budget " + mode, k -> meters.timer("clerkcache.clerk.budget.acquired",
                "Requests taken from Clerk's rate budget, and the time waited for them", "mode", mode))
                .record(nanos);
    }

    public void clerkBulkheadRefused() {
        bulkheadRefused.add(1);
    }

    /** One list call to Clerk made for {@code ids} single-user loads that waited for the rate budget. */
    public void clerkCoalesced(int ids) {
        coalescedIds.record(ids);
    }

    // ------------------------------------------------------------------------------------------ others

    public void webhook(String type, String outcome) {
        count("wh " + type + " " + outcome, "clerkcache.webhooks", "Webhook deliveries by event type and outcome",
                "type", type, "outcome", outcome);
    }

    public void callerLimited() {
        callerLimited.add(1);
    }

    public void batchesBusy() {
        batchesBusy.add(1);
    }

    /** Exports the Redis breaker's state (its ordinal: 0 closed, 1 open, 2 half-open). */
    public void redisBreaker(java.util.function.LongSupplier state) {
        meters.gauge("clerkcache.redis.breaker.state", "Redis circuit breaker: 0 closed, 1 open, 2 half-open", state);
    }

    public void redisBreakerTransition(String to) {
        count("redis.breaker " + to, "clerkcache.redis.breaker.transitions", "Redis circuit breaker state changes",
                "to", to);
    }

    public void redisCallSkipped() {
        count("redis.skipped", "clerkcache.redis.breaker.skipped", "Redis commands not sent: the breaker was open");
    }

    /** Redis commands not sent since start because the breaker was open. */
    public long redisCallsSkipped() {
        return this.<Meters.Count>meter("redis.skipped", k -> meters.counter("clerkcache.redis.breaker.skipped",
                "Redis commands not sent: the breaker was open")).count();
    }

    private void count(String key, String name, String description, String... tags) {
        this.<Meters.Count>meter(key, k -> meters.counter(name, description, tags)).add(1);
    }

    // ------------------------------------------------------------------------------------------ reading

    /** Lookups since start, per layer. */
    public record Lookups(long requested, long memoHits, long cacheRequests, long upstreamLookups) {
        /** Lookups that reached the cache and were answered there. */
        public long cacheHits() {
            return cacheRequests - upstreamLookups;
        }
    }

    public Lookups lookups() {
        long hits = memoHits.count();
        long req = requested.count();
        return new Lookups(req, hits, req - hits, upstream.count());
    }

    /** One cache's counts since start. */
    public record CacheCounts(long hits, long misses, long negativeHits, long loads, long loadFailures,
            long backendErrors, long singleFlightWaits, long singleFlightTimeouts) {
    }

    public CacheCounts cache(String cache) {
        CacheMeters m = perCache.get(cache);
        if (m == null) {
            return new CacheCounts(0, 0, 0, 0, 0, 0, 0, 0);
        }
        long backendErrors = m.backendErrors.values().stream().mapToLong(Meters.Count::count).sum();
        return new CacheCounts(m.hits.count(), m.misses.count(), m.negativeHits.count(), m.loads.count(),
                m.loadFailures.count(), backendErrors, m.singleFlightWaits.count(), m.singleFlightTimeouts.count());
    }

    /** HTTP requests to Clerk since start, by operation (all outcomes). */
    public Map<String, Long> clerkCallsByOperation() {
        Map<String, Long> calls = new TreeMap<>();
        byTags.forEach((key, m) -> {
            if (key.startsWith("call ")) {
                String operation = key.substring(5, key.lastIndexOf(' '));
                calls.merge(operation, ((Meters.Timing) m).count(), Long::sum);
            }
        });
        return calls;
    }

    /** HTTP requests to Clerk since start for this operation (its tag: {@code get-user}, ...), all outcomes. */
    public long clerkCallsOf(String operation) {
        return clerkCallsByOperation().getOrDefault(operation, 0L);
    }

    /** HTTP requests to Clerk since start with this outcome (all operations). */
    public long clerkCalls(String outcome) {
        long n = 0;
        for (Map.Entry<String, Object> e : byTags.entrySet()) {
            if (e.getKey().startsWith("call ") && e.getKey().endsWith(" " + outcome)) {
                n += ((Meters.Timing) e.getValue()).count();
            }
        }
        return n;
    }

    /** HTTP requests to Clerk since start. */
    public long clerkCallsTotal() {
        return clerkCallsByOperation().values().stream().mapToLong(Long::longValue).sum();
    }

    public long clerkCallsLastMinute() {
        return recentCalls.lastMinute();
    }

    public long clerkRetries() {
        return retries.count();
    }

    public long clerkRateLimitedAnswers() {
        return rateLimited.count();
    }

    public long clerkRefusedLocallyCount() {
        return refusedLocally.count();
    }

    /** Ids sent in batch calls, and how many calls. */
    public long clerkBatchCalls() {
        return batchIds.count();
    }

    public long clerkBatchIdsTotal() {
        return batchIds.sum();
    }

    /** Requests taken from the rate budget since start, by mode. */
    public Map<String, Long> clerkBudgetAcquired() {
        Map<String, Long> byMode = new TreeMap<>();
        byTags.forEach((key, m) -> {
            if (key.startsWith("budget ")) {
                byMode.put(key.substring(7), ((Meters.Timing) m).count());
            }
        });
        return byMode;
    }

    /** Time spent waiting for the rate budget since start, all modes. */
    public Duration clerkBudgetWaited() {
        long nanos = 0;
        for (Map.Entry<String, Object> e : byTags.entrySet()) {
            if (e.getKey().startsWith("budget ")) {
                nanos += ((Meters.Timing) e.getValue()).totalNanos();
            }
        }
        return Duration.ofNanos(nanos);
    }

    public long clerkBulkheadRefusedCount() {
        return bulkheadRefused.count();
    }

    /** List calls made for coalesced single-user loads, and the ids they carried. */
    public long clerkCoalescedCalls() {
        return coalescedIds.count();
    }

    public long clerkCoalescedIds() {
        return coalescedIds.sum();
    }

    /** When Clerk last answered (epoch ms; 0: never). */
    public long clerkLastAnsweredAt() {
        return lastAnsweredAt;
    }

    /** When a Clerk request last failed (epoch ms; 0: never). */
    public long clerkLastFailedAt() {
        return lastFailedAt;
    }

    /** Why the last Clerk request failed, or {@code null}. */
    public String clerkLastFailure() {
        return lastFailure;
    }

    /** Webhook deliveries since start, by type and outcome, sorted. */
    public Map<String, Map<String, Long>> webhooks() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        byTags.forEach((key, m) -> {
            if (key.startsWith("wh ")) {
                String rest = key.substring(3);
                int space = rest.lastIndexOf(' ');
                counts.computeIfAbsent(rest.substring(0, space), t -> new TreeMap<>())
                        .put(rest.substring(space + 1), ((Meters.Count) m).count());
            }
        });
        return counts;
    }

    public long callerLimitedCount() {
        return callerLimited.count();
    }

    public long batchesBusyCount() {
        return batchesBusy.count();
    }
}
