package io.clerkcache.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * The load of {@code scripts/redis-outage.sh} (not a test: it prints figures): {@code outage.threads} threads look up
 * {@code outage.hot-users} hot users by id, without pause, against a running service in demo mode, while the script
 * stops, hangs and restores its Redis. The script names each phase on standard input, one line each
 * ({@code <name>} or {@code <name> return} when Redis has just come back); at each new line, and at the end of input,
 * the phase that ends is printed: requests, failed lookups (any status but 200), p50/p99 latency, Clerk calls (the
 * simulator's {@code total_calls}) and, for a return, the time until {@code /api/cache/stats} showed the Redis breaker
 * closed again.
 *
 * <p>System properties: {@code outage.url} (http://127.0.0.1:9380/), {@code outage.threads} (16),
 * {@code outage.hot-users} (20), {@code outage.bearer} (default: a session token the simulator mints for one of its
 * admin users).
 */
public final class OutageLoad {

    private static final String KEY = "sk_test_demo";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    private volatile boolean running = true;
    private String bearer;

    /** One phase's figures. */
    private static final class Phase {
        final String name;
        final boolean redisReturned;
        final long startedNanos = System.nanoTime();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong closedAfterMillis = new AtomicLong(-1);
        final long clerkCallsBefore;

        Phase(String name, boolean redisReturned, long clerkCallsBefore) {
            this.name = name;
            this.redisReturned = redisReturned;
            this.clerkCallsBefore = clerkCallsBefore;
        }
    }

    private OutageLoad(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        new OutageLoad(URI.create(System.getProperty("outage.url", "http://127.0.0.1:9380/"))).run(
                Integer.getInteger("outage.threads", 16), Integer.getInteger("outage.hot-users", 20));
    }

    private void run(int threads, int hotUsers) throws Exception {
        bearer = System.getProperty("outage.bearer");
        if (bearer == null) {
            bearer = adminSessionToken();
        }
        List<String> hot = new ArrayList<>();
        for (var v : Json.createReader(new StringReader(send("GET", "simulator/v1/users?order_by=created_at&limit="
                + hotUsers, true).body())).readArray()) {
            hot.add(v.asJsonObject().getString("id"));
        }
        System.out.printf("%-10s %9s %7s %8s %8s %12s %18s%n", "phase", "requests", "failed", "p50 ms", "p99 ms",
                "Clerk calls", "Redis used again");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            return;
        }
        phase.set(newPhase(line));
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> lookUp(hot));
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        Thread watcher = new Thread(this::watchBreaker);
        watcher.setDaemon(true);
        watcher.start();
        while ((line = in.readLine()) != null) {
            print(phase.getAndSet(newPhase(line)));
        }
        running = false;
        print(phase.get());
        for (Thread t : workers) {
            t.join(10_000);
        }
    }

    private Phase newPhase(String line) {
        String[] words = line.strip().split("\\s+");
        return new Phase(words[0], words.length > 1 && words[1].equals("return"), clerkCalls());
    }

    private void lookUp(List<String> hot) {
        while (running) {
            Phase p = phase.get();
            String id = hot.get(ThreadLocalRandom.current().nextInt(hot.size()));
            long started = System.nanoTime();
            boolean ok;
            try {
                ok = send("GET", "api/users/" + id, false).statusCode() == 200;
            } catch (RuntimeException e) {
                ok = false;
            }
            p.latencies.add(System.nanoTime() - started);
            if (!ok) {
                p.failed.incrementAndGet();
            }
        }
    }

    /** Notes when the breaker shows closed after a phase that began with Redis's return. */
    private void watchBreaker() {
        while (running) {
            Phase p = phase.get();
            if (p.redisReturned && p.closedAfterMillis.get() < 0) {
                try {
                    JsonObject stats = object(send("GET", "api/cache/stats", false).body());
                    JsonObject breaker = stats.getJsonObject("redisBreaker");
                    if (breaker != null && "closed".equals(breaker.getString("state"))) {
                        p.closedAfterMillis.compareAndSet(-1, (System.nanoTime() - p.startedNanos) / 1_000_000);
                    }
                } catch (RuntimeException e) {
                    // asked again
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void print(Phase p) {
        long[] sorted = p.latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        String closed = !p.redisReturned ? "" : p.closedAfterMillis.get() < 0 ? "not within phase"
                : p.closedAfterMillis.get() + " ms";
        System.out.printf("%-10s %9d %7d %8.1f %8.1f %12d %18s%n", p.name, sorted.length, p.failed.get(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), clerkCalls() - p.clerkCallsBefore, closed);
        System.out.flush();
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    private long clerkCalls() {
        try {
            return object(send("GET", "simulator/control/stats", false).body()).getJsonNumber("total_calls")
                    .longValue();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(String method, String path, boolean clerkAuth) {
        return send(method, path, null, clerkAuth);
    }

    private HttpResponse<String> send(String method, String path, String body, boolean clerkAuth) {
        return BenchHttp.send(http, base, method, path, body, clerkAuth, KEY, bearer);
    }

    /** A day-long session token of the simulator's first admin user. */
    private String adminSessionToken() {
        HttpResponse<String> admins = send("GET", "simulator/control/users?role=admin&limit=1", false);
        String id = object(admins.body()).getJsonArray("users").getJsonObject(0).getString("id");
        HttpResponse<String> token = send("POST", "simulator/control/tokens",
                "{\"userId\":\"" + id + "\",\"expiresInSeconds\":86400}", false);
        if (token.statusCode() != 200) {
            throw new IllegalStateException("no session token: " + token.statusCode() + " " + token.body());
        }
        return object(token.body()).getString("token");
    }

    private static JsonObject object(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
