package io.clerkcache.bench;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A workload replayed against a running clerk-cache in demo mode (not a test: it prints figures).
 *
 * <p>1000 user sessions over 2000 users with Zipf-like popularity; each session opens a list of 12 experts (one batch
 * lookup), 3 profile or booking pages (by username or by id) and makes 5 authorization checks (its own user, by id).
 * The simulator answers with 50 ms latency. Printed: upstream calls per session next to lookups per session (what no
 * cache would cost), hit ratio per layer, p50/p99 latency of cached and uncached lookups, throughput.
 *
 * <p>Run: start the service with the per-caller limit off, since this one client plays every user
 * ({@code mvn liberty:run -Dliberty.var.clerk.caller-limit.rate=0}), then
 * {@code mvn -Pworkload test-compile exec:java}. System
 * properties: {@code workload.url} (http://localhost:9080/), {@code workload.sessions} (1000), {@code workload.users}
 * (2000), {@code workload.threads} (16), {@code workload.latency-ms} (50), {@code workload.zipf} (1.0),
 * {@code workload.seed} (42), {@code workload.bearer} (the credential sent to {@code /api/...}; default: a session
 * token the simulator mints for one of its admin users, so every request also checks that caller's role through the
 * cache).
 *
 * <p>Several instances: {@code workload.urls} (comma-separated base URLs, instead of {@code workload.url}) spreads the
 * sessions over them in turn; the first one hosts the simulator (the others point their Clerk URL at it), and the
 * cache statistics are summed over all. {@code workload.rate-limit} sets the simulator's limit (calls per 10 s) for the
 * run; {@code workload.warmup-sessions} (0) runs that many sessions first and reports them apart, so that the measured
 * pass shows the steady state. Printed per pass besides the above: the 429s the simulator answered, the client's
 * errors by status, and the latency of all requests. {@code scripts/bench-two-instances.sh} runs it on two servers.
 */
public final class WorkloadBenchmark {

    private static final String KEY = "sk_test_demo";
    private static final int EXPERTS = 12;
    private static final int PAGES = 3;
    private static final int AUTH_CHECKS = 5;

    /** The first instance, which hosts the simulator. */
    private final URI base;
    private final List<URI> instances;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<long[]> cached = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> uncached = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> failed = new ConcurrentLinkedQueue<>();
    /** Errors by status and problem type ({@code 503 clerk-rate-limited}); {@code 0} where no answer came. */
    private final Map<String, AtomicLong> errorsByStatus = new ConcurrentSkipListMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private volatile String bearer;

    private WorkloadBenchmark(List<URI> instances) {
        this.base = instances.get(0);
        this.instances = instances;
    }

    public static void main(String[] args) throws Exception {
        String urls = System.getProperty("workload.urls", System.getProperty("workload.url", "http://localhost:9080/"));
        int sessions = Integer.getInteger("workload.sessions", 1000);
        int users = Integer.getInteger("workload.users", 2000);
        int threads = Integer.getInteger("workload.threads", 16);
        int latency = Integer.getInteger("workload.latency-ms", 50);
        double zipf = Double.parseDouble(System.getProperty("workload.zipf", "1.0"));
        long seed = Long.getLong("workload.seed", 42L);
        List<URI> bases = Arrays.stream(urls.split(",")).map(String::strip).filter(u -> !u.isEmpty())
                .map(u -> URI.create(u.endsWith("/") ? u : u + "/")).toList();
        new WorkloadBenchmark(bases).run(sessions, users, threads, latency, zipf, seed);
    }

    private void run(int sessions, int userCount, int threads, int latencyMs, double zipfExponent, long seed)
            throws Exception {
        int warmupSessions = Integer.getInteger("workload.warmup-sessions", 0);
        Integer rateLimit = Integer.getInteger("workload.rate-limit");
        // 1. Prepare "Clerk": enough users, realistic latency, empty caches, zeroed counters; sign in.
        bearer = System.getProperty("workload.bearer");
        if (bearer == null) {
            bearer = adminSessionToken();
        }
        JsonObject stats = object(send("GET", "simulator/control/stats", null, false));
        long have = stats.getJsonNumber("users").longValue();
        if (have < userCount) {
            expect(200, send("POST", "simulator/control/users", "{\"count\":" + (userCount - have) + "}", false));
        }
        expect(200, send("PUT", "simulator/control/settings", "{\"latencyMs\":" + latencyMs
                + (rateLimit == null ? "" : ",\"rateLimit\":" + rateLimit) + "}", false));
        for (URI instance : instances) {
            expect(204, send(instance, "DELETE", "api/cache/users", null, false));
        }
        List<JsonObject> population = users(userCount);

        // 2. Popularity: Zipf over ranks, ranks assigned to users at random (seeded).
        Random random = new Random(seed);
        Collections.shuffle(population, random);
        Zipf popularity = new Zipf(population.size(), zipfExponent);
        expect(200, send("POST", "simulator/control/reset", null, false));

        // 3. Sessions, spread over the instances in turn: a warm-up pass if asked for, then the measured pass.
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            if (warmupSessions > 0) {
                pass("warm-up pass (cold caches at its start)", pool, random, warmupSessions, population,
                        popularity, userCount, threads, latencyMs, zipfExponent);
            }
            pass(warmupSessions > 0 ? "measured pass (after the warm-up)" : "cold caches at the start", pool, random,
                    sessions, population, popularity, userCount, threads, latencyMs, zipfExponent);
        } finally {
            pool.shutdown();
        }
    }

    private void pass(String name, ExecutorService pool, Random random, int sessions, List<JsonObject> population,
            Zipf popularity, int userCount, int threads, int latencyMs, double zipfExponent) throws Exception {
        cached.clear();
        uncached.clear();
        failed.clear();
        errorsByStatus.clear();
        errors.set(0);
        lookups.set(0);
        JsonObject before = cacheStats();
        JsonObject clerkBefore = object(send("GET", "simulator/control/stats", null, false));
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            long sessionSeed = random.nextLong();
            URI instance = instances.get(s % instances.size());
            done.add(pool.submit(() -> session(instance, new Random(sessionSeed), population, popularity)));
        }
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // 4. Figures.
        JsonObject after = cacheStats();
        JsonObject clerkAfter = object(send("GET", "simulator/control/stats", null, false));
        long upstreamCalls = delta(clerkBefore, clerkAfter, "total_calls");
        long rateLimited = delta(clerkBefore, clerkAfter, "rate_limited");
        report(name, sessions, userCount, threads, latencyMs, zipfExponent, seconds, upstreamCalls, rateLimited,
                before, after);
    }

    /** {@code GET /api/cache/stats} of every instance, its lookup counters summed. */
    private JsonObject cacheStats() {
        Map<String, Long> sums = new LinkedHashMap<>();
        String backend = null;
        for (URI instance : instances) {
            JsonObject stats = object(expect(200, send(instance, "GET", "api/cache/stats", null, false)));
            backend = backend == null ? stats.getString("backend") : backend;
            stats.getJsonObject("lookups").forEach((k, v) -> {
                if (v instanceof JsonNumber n) {
                    sums.merge(k, n.longValue(), Long::sum);
                }
            });
        }
        JsonObjectBuilder lookupSums = Json.createObjectBuilder();
        sums.forEach(lookupSums::add);
        return Json.createObjectBuilder().add("backend", backend).add("lookups", lookupSums).build();
    }

    private void session(URI instance, Random random, List<JsonObject> population, Zipf popularity) {
        JsonObject me = population.get(popularity.sample(random));
        Set<Integer> expertRanks = new LinkedHashSet<>();
        while (expertRanks.size() < EXPERTS) {
            expertRanks.add(popularity.sample(random));
        }
        List<JsonObject> experts = expertRanks.stream().map(population::get).toList();

        JsonArrayBuilder ids = Json.createArrayBuilder();
        experts.forEach(e -> ids.add(e.getString("id")));
        timed(instance, "POST", "api/users/batch", Json.createObjectBuilder().add("ids", ids).build().toString(),
                EXPERTS);

        for (int p = 0; p < PAGES; p++) {
            JsonObject expert = experts.get(random.nextInt(experts.size()));
            JsonValue username = expert.get("username");
            if (random.nextBoolean() && username instanceof JsonString name) {
                timed(instance, "GET", "api/users/by-username/" + name.getString(), null, 1);
            } else {
                timed(instance, "GET", "api/users/" + expert.getString("id"), null, 1);
            }
        }
        for (int a = 0; a < AUTH_CHECKS; a++) {
            timed(instance, "GET", "api/users/" + me.getString("id"), null, 1);
        }
    }

    private void timed(URI instance, String method, String path, String body, int lookupCount) {
        long t0 = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = send(instance, method, path, body, false);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            errorsByStatus.computeIfAbsent("0", k -> new AtomicLong()).incrementAndGet();
            return;
        }
        long nanos = System.nanoTime() - t0;
        lookups.addAndGet(lookupCount);
        if (r.statusCode() != 200) {
            errors.incrementAndGet();
            errorsByStatus.computeIfAbsent(r.statusCode() + problemType(r), k -> new AtomicLong()).incrementAndGet();
            failed.add(new long[] {nanos});
            return;
        }
        int upstream = Integer.parseInt(r.headers().firstValue("Clerk-Cache-Upstream-Lookups").orElse("0"));
        (upstream == 0 ? cached : uncached).add(new long[] {nanos});
    }

    private void report(String pass, int sessions, int userCount, int threads, int latencyMs, double zipfExponent,
            double seconds, long upstreamCalls, long rateLimited, JsonObject before, JsonObject after) {
        long requests = cached.size() + uncached.size() + errors.get();
        JsonObject l0 = before.getJsonObject("lookups");
        JsonObject l1 = after.getJsonObject("lookups");
        long requested = delta(l0, l1, "requested");
        long memoHits = delta(l0, l1, "memoHits");
        long cacheRequests = delta(l0, l1, "cacheRequests");
        long cacheHits = delta(l0, l1, "cacheHits");
        long upstreamLookups = delta(l0, l1, "upstreamLookups");

        System.out.println();
        System.out.println("clerk-cache workload, " + pass + ": " + sessions + " sessions over " + userCount
                + " users (Zipf s=" + zipfExponent + "), " + threads + " client threads, " + instances.size()
                + " instance(s), simulator latency " + latencyMs + " ms, cache " + after.getString("backend"));
        System.out.println("-----------------------------------------------------------------------------------");
        System.out.printf(Locale.ROOT, "lookups per session (what no cache costs) : %.1f%n",
                (double) lookups.get() / sessions);
        System.out.printf(Locale.ROOT, "Clerk API calls per session               : %.3f   (%d calls in all)%n",
                (double) upstreamCalls / sessions, upstreamCalls);
        System.out.printf(Locale.ROOT, "ids/usernames asked of Clerk per session  : %.3f%n",
                (double) upstreamLookups / sessions);
        System.out.printf(Locale.ROOT, "hit ratio, request memo                    : %.1f %% (%d of %d lookups)%n",
                pct(memoHits, requested), memoHits, requested);
        System.out.printf(Locale.ROOT, "hit ratio, JCache                          : %.1f %% (%d of %d that reached it)%n",
                pct(cacheHits, cacheRequests), cacheHits, cacheRequests);
        System.out.printf(Locale.ROOT, "answered without Clerk, overall            : %.1f %%%n",
                pct(requested - upstreamLookups, requested));
        System.out.printf(Locale.ROOT, "latency, cached requests   (n=%6d)     : p50 %7.2f ms   p99 %7.2f ms%n",
                cached.size(), percentile(cached, 50), percentile(cached, 99));
        System.out.printf(Locale.ROOT, "latency, uncached requests (n=%6d)     : p50 %7.2f ms   p99 %7.2f ms%n",
                uncached.size(), percentile(uncached, 50), percentile(uncached, 99));
        System.out.printf(Locale.ROOT, "throughput                                 : %.0f requests/s (%d requests in %.1f s)%n",
                requests / seconds, requests, seconds);
        System.out.printf(Locale.ROOT, "errors (non-200 at the client)             : %d %s%n", errors.get(),
                errorsByStatus.isEmpty() ? "" : "by status and problem " + errorsByStatus + " (0: no answer)");
        System.out.printf(Locale.ROOT, "429s answered by the simulator (Clerk)     : %d%n", rateLimited);
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>(cached);
        all.addAll(uncached);
        all.addAll(failed);
        System.out.printf(Locale.ROOT, "latency, all answered requests (n=%6d) : p50 %7.2f ms   p99 %7.2f ms%n",
                all.size(), percentile(all, 50), percentile(all, 99));
    }

    /** " " and the problem type's slug of a problem answer, else "". */
    private static String problemType(HttpResponse<String> r) {
        try {
            String type = object(r).getString("type", "");
            return type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf(':') + 1);
        } catch (RuntimeException notAProblem) {
            return "";
        }
    }

    private static long delta(JsonObject before, JsonObject after, String key) {
        return after.getJsonNumber(key).longValue() - before.getJsonNumber(key).longValue();
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static double percentile(ConcurrentLinkedQueue<long[]> samples, int p) {
        long[] values = samples.stream().mapToLong(a -> a[0]).toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int index = (int) Math.ceil(p / 100.0 * values.length) - 1;
        return values[Math.max(0, index)] / 1e6;
    }

    private List<JsonObject> users(int n) {
        List<JsonObject> all = new ArrayList<>(n);
        while (all.size() < n) {
            JsonArray page = array(send("GET", "simulator/v1/users?order_by=created_at&limit=500&offset=" + all.size(),
                    null, true));
            if (page.isEmpty()) {
                throw new IllegalStateException("the simulator has only " + all.size() + " users");
            }
            page.forEach(v -> all.add(v.asJsonObject()));
        }
        return new ArrayList<>(all.subList(0, n));
    }

    private HttpResponse<String> send(String method, String path, String body, boolean clerkAuth) {
        return send(base, method, path, body, clerkAuth);
    }

    private HttpResponse<String> send(URI instance, String method, String path, String body, boolean clerkAuth) {
        return BenchHttp.send(http, instance, method, path, body, clerkAuth, KEY, bearer);
    }

    /** A day-long session token of the simulator's first admin user. */
    private String adminSessionToken() {
        HttpResponse<String> admins = send("GET", "simulator/control/users?role=admin&limit=1", null, false);
        expect(200, admins);
        String id = object(admins).getJsonArray("users").getJsonObject(0).getString("id");
        HttpResponse<String> token = send("POST", "simulator/control/tokens",
                "{\"userId\":\"" + id + "\",\"expiresInSeconds\":86400}", false);
        expect(200, token);
        return object(token).getString("token");
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + ": expected " + status + ", got "
                    + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static JsonObject object(HttpResponse<String> r) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject();
        }
    }

    private static JsonArray array(HttpResponse<String> r) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readArray();
        }
    }

    /** Zipf-distributed ranks 0..n-1 by inverse transform over the cumulative weights. */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n, double s) {
            cumulative = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1.0 / Math.pow(k, s);
                cumulative[k - 1] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        int sample(Random random) {
            int i = Arrays.binarySearch(cumulative, random.nextDouble());
            return i >= 0 ? i : Math.min(cumulative.length - 1, -i - 1);
        }
    }
}
