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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A hot user lookup next to a no-op endpoint of the same server, in one run (not a test: it prints figures).
 *
 * <p>{@code N} client threads send requests back to back for {@code D} seconds, over keep-alive connections of one
 * {@link HttpClient}, to two URLs in turn: {@code GET /api/users/{id}} of one user that is cached (and stays so), and
 * {@code GET /api/ping}, which passes through the same authentication and response filters and does nothing else.
 * The run is cut into phases ({@code hotget.phase-seconds}) and all threads use the same URL within a phase, the two
 * URLs alternating, so that whatever else the machine does meanwhile falls on both alike. Printed for each URL:
 * requests per second (over the time of its own phases), p50 and p99 latency, errors (non-2xx, or a user answer that
 * had to ask Clerk); then the ratios, lookup over ping.
 *
 * <p>Run against a running service in demo mode (the default credential is a session token the simulator mints for
 * one of its admin users, so each lookup also checks that caller's role through the cache):
 * {@code mvn liberty:run -Dliberty.var.clerk.caller-limit.rate=0} (or the same with
 * {@code REDIS_URL=redis://127.0.0.1:6379}), then {@code mvn -Phot-get test-compile exec:java}. System properties:
 * {@code hotget.url} (http://localhost:9080/), {@code hotget.threads} (4), {@code hotget.seconds} (30, measured),
 * {@code hotget.warmup-seconds} (30, not measured: a server just started is still compiling),
 * {@code hotget.phase-seconds} (2), {@code hotget.bearer} (the credential; default the admin session token),
 * {@code hotget.user} (the user looked up; default the simulator's first user that is not the caller).
 */
public final class HotGetBenchmark {

    private static final String KEY = "sk_test_demo";
    private static final String LOOKUPS_HEADER = "Clerk-Cache-Upstream-Lookups";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private String bearer;

    private HotGetBenchmark(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("hotget.url", "http://localhost:9080/");
        int threads = Integer.getInteger("hotget.threads", 4);
        int seconds = Integer.getInteger("hotget.seconds", 30);
        int warmup = Integer.getInteger("hotget.warmup-seconds", 30);
        int phase = Integer.getInteger("hotget.phase-seconds", 2);
        if (threads < 1 || seconds < 2 * phase || phase < 1 || warmup < 0) {
            throw new IllegalArgumentException("hotget.threads >= 1, hotget.phase-seconds >= 1, hotget.seconds >= 2 "
                    + "phases, hotget.warmup-seconds >= 0");
        }
        new HotGetBenchmark(URI.create(url.endsWith("/") ? url : url + "/")).run(threads, seconds, warmup, phase);
    }

    private void run(int threads, int seconds, int warmupSeconds, int phaseSeconds) throws Exception {
        bearer = System.getProperty("hotget.bearer");
        String caller = null;
        if (bearer == null) {
            caller = adminId();
            bearer = sessionToken(caller);
        }
        String user = System.getProperty("hotget.user");
        if (user == null) {
            user = someUserOtherThan(caller);
        }
        Target lookup = new Target("GET /api/users/{id}", "api/users/" + user, 200);
        Target ping = new Target("GET /api/ping", "api/ping", 204);
        for (Target t : List.of(lookup, ping)) { // fails fast on a wrong credential or user, and caches the user
            HttpResponse<Void> r = get(t.path);
            if (r.statusCode() != t.status) {
                throw new IllegalStateException(t.name + ": expected " + t.status + ", got " + r.statusCode());
            }
        }

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Target> both = List.of(lookup, ping);
            // Warm-up: the same alternation, nothing recorded.
            drive(pool, threads, both, warmupSeconds, phaseSeconds, false);
            long[] phaseNanos = drive(pool, threads, both, seconds, phaseSeconds, true);
            report(threads, seconds, phaseSeconds, user, lookup, ping, phaseNanos);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs the threads for {@code seconds}, the targets alternating by phase.
     *
     * @return the nanoseconds each target's phases lasted
     */
    private long[] drive(ExecutorService pool, int threads, List<Target> targets, int seconds, int phaseSeconds,
            boolean record) throws Exception {
        if (seconds == 0) {
            return new long[targets.size()];
        }
        long phaseNanos = TimeUnit.SECONDS.toNanos(phaseSeconds);
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        long[] startedAt = new long[1];
        long runNanos = TimeUnit.SECONDS.toNanos(seconds);
        List<Future<List<long[]>>> results = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                long began = startedAt[0];
                List<long[]> samples = new ArrayList<>(); // {target index, nanos, ok 1/0}
                while (true) {
                    long now = System.nanoTime();
                    long elapsed = now - began;
                    if (elapsed >= runNanos) {
                        return samples;
                    }
                    int index = (int) ((elapsed / phaseNanos) % targets.size());
                    Target target = targets.get(index);
                    boolean ok;
                    try {
                        HttpResponse<Void> r = get(target.path);
                        ok = r.statusCode() == target.status
                                && r.headers().firstValue(LOOKUPS_HEADER).map("0"::equals).orElse(true);
                    } catch (UncheckedIOException e) {
                        ok = false;
                    }
                    samples.add(new long[] {index, System.nanoTime() - now, ok ? 1 : 0});
                }
            }));
        }
        ready.await();
        startedAt[0] = System.nanoTime(); // published to the threads by the barrier
        start.await();
        for (Future<List<long[]>> f : results) {
            List<long[]> samples = f.get(seconds + 120L, TimeUnit.SECONDS);
            if (record) {
                for (long[] s : samples) {
                    targets.get((int) s[0]).add(s[1], s[2] == 1);
                }
            }
        }
        long[] perTarget = new long[targets.size()];
        for (long p = 0; p * phaseNanos < runNanos; p++) {
            perTarget[(int) (p % targets.size())] += Math.min(phaseNanos, runNanos - p * phaseNanos);
        }
        return perTarget;
    }

    private void report(int threads, int seconds, int phaseSeconds, String user, Target lookup, Target ping,
            long[] phaseNanos) {
        System.out.println();
        System.out.println("clerk-cache hot GET vs no-op: " + threads + " client threads, " + seconds
                + " s measured in " + phaseSeconds + " s phases, " + base + ", user " + user + ", cache " + backend());
        System.out.println("-----------------------------------------------------------------------------------");
        Target[] targets = {lookup, ping};
        double[] rates = new double[2];
        for (int i = 0; i < 2; i++) {
            Target t = targets[i];
            rates[i] = t.count() / (phaseNanos[i] / 1e9);
            System.out.printf(Locale.ROOT, "%-22s: %8.0f req/s   p50 %7.3f ms   p99 %7.3f ms   (n=%d, errors %d)%n",
                    t.name, rates[i], t.percentile(50), t.percentile(99), t.count(), t.errors);
        }
        System.out.printf(Locale.ROOT, "ratio lookup / ping    : throughput %.2f   p50 %.2f   p99 %.2f%n",
                rates[0] / rates[1], lookup.percentile(50) / ping.percentile(50),
                lookup.percentile(99) / ping.percentile(99));
    }

    private String backend() {
        try {
            HttpResponse<String> r = send("GET", "api/cache/stats", null, false);
            return r.statusCode() == 200 ? object(r).getString("backend", "?") : "? (stats: " + r.statusCode() + ")";
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private HttpResponse<Void> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET()
                .header("Authorization", "Bearer " + bearer).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String adminId() {
        HttpResponse<String> admins = send("GET", "simulator/control/users?role=admin&limit=1", null, false);
        expect(200, admins);
        return object(admins).getJsonArray("users").getJsonObject(0).getString("id");
    }

    /** A day-long session token of the simulator's user {@code id}. */
    private String sessionToken(String id) {
        HttpResponse<String> token = send("POST", "simulator/control/tokens",
                "{\"userId\":\"" + id + "\",\"expiresInSeconds\":86400}", false);
        expect(200, token);
        return object(token).getString("token");
    }

    private String someUserOtherThan(String caller) {
        HttpResponse<String> r = send("GET", "simulator/v1/users?order_by=created_at&limit=2", null, true);
        expect(200, r);
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream().map(u -> u.getString("id"))
                    .filter(id -> !id.equals(caller)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the simulator has no other user"));
        }
    }

    private HttpResponse<String> send(String method, String path, String body, boolean clerkAuth) {
        return BenchHttp.send(http, base, method, path, body, clerkAuth, KEY, bearer);
    }

    private static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + ": expected " + status + ", got "
                    + r.statusCode() + " " + r.body());
        }
    }

    private static JsonObject object(HttpResponse<String> r) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject();
        }
    }

    /** One URL and what its answers took. */
    private static final class Target {
        final String name;
        final String path;
        final int status;
        private long[] nanos = new long[1024];
        private int count;
        long errors;

        Target(String name, String path, int status) {
            this.name = name;
            this.path = path;
            this.status = status;
        }

        void add(long n, boolean ok) {
            if (!ok) {
                errors++;
            }
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = n;
        }

        int count() {
            return count;
        }

        double percentile(int p) {
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * count) - 1)] / 1e6;
        }
    }
}
