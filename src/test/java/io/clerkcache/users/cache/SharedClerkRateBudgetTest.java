package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.RatePacer;
import io.clerkcache.clerk.TurnSleepers;
import io.clerkcache.config.MapConfig;
import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * The request budget shared through Redis by two instances (two budgets on two Redis clients with one key prefix, as
 * two JVMs have), against the simulator counting calls; and its local fallback while Redis does not answer.
 */
class SharedClerkRateBudgetTest {

    private final String prefix = "budget-test:" + UUID.randomUUID() + ":";
    private final List<RedissonClient> clients = new ArrayList<>();
    private SimulatorHttpServer simulator;

    @AfterEach
    void stop() {
        for (RedissonClient c : clients) {
            try {
                c.getKeys().deleteByPattern(prefix + "*");
            } catch (RuntimeException unreachable) {
                // the fallback test's client has nothing to delete
            }
            c.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private RedissonClient redis(String url, String timeout) {
        Map<String, String> values = new HashMap<>();
        values.put("redis.url", url);
        values.put("redis.timeout", timeout);
        values.put("redis.connect-timeout", timeout);
        RedisClientConfig config = RedisClientConfig.of(new UserCacheConfig(MapConfig.of(values)));
        config.setLazyInitialization(true);
        RedissonClient client = Redisson.create(config);
        clients.add(client);
        return client;
    }

    private SharedClerkRateBudget budget(RedissonClient redis, int requests, Duration window) {
        return new SharedClerkRateBudget(redis, prefix, requests, window);
    }

    private ClerkClient client(ClerkRateBudget budget, Recorder stats, String maxWait) {
        Map<String, String> values = new HashMap<>();
        values.put("clerk.secret-key", "sk_test_budget");
        values.put("clerk.api-url", simulator.baseUrl().toString());
        values.put("clerk.read-retries", "0");
        values.put("clerk.rate-limit.max-wait", maxWait);
        return new ClerkClient(new ClerkConfig(MapConfig.of(values)), stats, budget);
    }

    private SimulatorHttpServer simulator(int rateLimit) {
        simulator = new SimulatorHttpServer(new ClerkSimulator(new SimulatorSettings(20, 3, Duration.ZERO, rateLimit),
                new TestClock(), millis -> { }));
        return simulator;
    }

    @Test
    void twoInstances_together_takeOneBurst() {
        simulator(0);
        // 100 per 200 s: a burst of 5, then one request per 2.1 s, far more than the loop takes.
        ClerkRateBudget a = budget(redis("redis://127.0.0.1:6379", "2s"), 100, Duration.ofSeconds(200));
        ClerkRateBudget b = budget(redis("redis://127.0.0.1:6379", "2s"), 100, Duration.ofSeconds(200));
        Recorder statsA = Recorder.inMemory();
        Recorder statsB = Recorder.inMemory();
        ClerkClient clientA = client(a, statsA, "0s");
        ClerkClient clientB = client(b, statsB, "0s");
        String id = simulator.simulator().userIds().get(0);
        int refused = 0;

        for (int i = 0; i < 8; i++) {
            for (ClerkClient c : List.of(clientA, clientB)) {
                try {
                    c.getUser(id);
                } catch (ClerkRateLimitedException e) {
                    assertTrue(e.rejectedLocally());
                    refused++;
                }
            }
        }

        assertEquals(5, simulator.simulator().totalCalls(), "one burst of 5, both instances together");
        assertEquals(11, refused);
        assertEquals(Map.of(ClerkRateBudget.SHARED, 3L), statsA.clerkBudgetAcquired(), "A took 3 (A, B, A, B, A)");
        assertEquals(Map.of(ClerkRateBudget.SHARED, 2L), statsB.clerkBudgetAcquired());
        assertEquals(ClerkRateBudget.SHARED, b.state().mode());
    }

    @Test
    void twoInstances_oneTookTheBurst_theOtherWaitsItsTurnThenCalls() {
        simulator(0);
        // 2 per second: a burst of 1, then one request a second.
        ClerkRateBudget a = budget(redis("redis://127.0.0.1:6379", "2s"), 2, Duration.ofSeconds(1));
        ClerkRateBudget b = budget(redis("redis://127.0.0.1:6379", "2s"), 2, Duration.ofSeconds(1));
        assertTrue(a.acquire(1, Duration.ZERO).isZero());

        Duration refused = b.acquire(1, Duration.ZERO);
        assertTrue(refused.toMillis() > 500, "A took the burst; B's turn is about a second away: " + refused);
        long start = System.nanoTime();
        assertTrue(b.acquire(1, Duration.ofSeconds(5)).isZero(), "B waited for its turn");
        assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(500), "B slept until its turn");
        assertFalse(a.acquire(1, Duration.ZERO).isZero(), "B's turn moved the shared pace on for A too");
    }

    @Test
    void twoInstances_reservationsFormOneSchedule() {
        // 21 per 20 s: a burst of 1, then one request a second.
        SharedClerkRateBudget a = budget(redis("redis://127.0.0.1:6379", "2s"), 21, Duration.ofSeconds(20));
        SharedClerkRateBudget b = budget(redis("redis://127.0.0.1:6379", "2s"), 21, Duration.ofSeconds(20));
        long interval = RatePacer.intervalMillis(21, 20_000);
        assertEquals(1000, interval);
        long base = System.nanoTime();
        long[] before = new long[10];
        long[] after = new long[10];
        long[] wait = new long[10];

        for (int k = 0; k < 10; k++) {
            before[k] = System.nanoTime() - base;
            wait[k] = (k % 2 == 0 ? a : b).reserve(1, 60_000);
            after[k] = System.nanoTime() - base;
        }

        assertEquals(0, wait[0], "the first goes at once");
        for (int k = 1; k < 10; k++) {
            // Start_k - Start_0 = (Redis now_k - now_0) + wait_k; the Redis times lie within the calls' spans.
            long lo = TimeUnit.NANOSECONDS.toMillis(before[k] - after[0]) - 1 + wait[k];
            long hi = TimeUnit.NANOSECONDS.toMillis(after[k] - before[0]) + 1 + wait[k];
            assertTrue(lo <= k * interval && k * interval <= hi,
                    "reservation " + k + " (" + (k % 2 == 0 ? "A" : "B") + ") starts " + k + " intervals after the"
                            + " first: " + lo + ".." + hi);
        }
        assertTrue(a.reserve(1, 0) < 0, "nothing left within no wait");
    }

    @Test
    void rateLimitedSeenByOne_blocksAndSlowsTheOther() {
        simulator(1); // the simulator answers the second call of its window with 429 and a Retry-After
        ClerkRateBudget a = budget(redis("redis://127.0.0.1:6379", "2s"), 100, Duration.ofSeconds(10));
        ClerkRateBudget b = budget(redis("redis://127.0.0.1:6379", "2s"), 100, Duration.ofSeconds(10));
        ClerkClient clientA = client(a, Recorder.inMemory(), "500ms");
        ClerkClient clientB = client(b, Recorder.inMemory(), "500ms");
        String id = simulator.simulator().userIds().get(0);
        clientA.getUser(id);

        ClerkRateLimitedException fromClerk = assertThrows(ClerkRateLimitedException.class,
                () -> clientA.getUser(id));
        ClerkRateLimitedException onB = assertThrows(ClerkRateLimitedException.class, () -> clientB.getUser(id));

        assertFalse(fromClerk.rejectedLocally());
        assertTrue(onB.rejectedLocally(), "B did not call Clerk");
        assertEquals(2, simulator.simulator().totalCalls());
        assertTrue(b.blockedFor().toMillis() > 1000, "B sees A's Retry-After: " + b.blockedFor());
        assertEquals(50, b.state().currentRequests(), "the shared rate is halved");
    }

    @Test
    void rateLimitedWhileTheOtherSleepsOnItsTurn_theSleeperIsRefusedWithoutCallingClerk() throws Exception {
        simulator(0);
        // 2 per 4 s: a burst of 1, then one request every 4 s.
        ClerkRateBudget a = budget(redis("redis://127.0.0.1:6379", "2s"), 2, Duration.ofSeconds(4));
        ClerkRateBudget b = budget(redis("redis://127.0.0.1:6379", "2s"), 2, Duration.ofSeconds(4));
        ClerkClient clientA = client(a, Recorder.inMemory(), "10s");
        String id = simulator.simulator().userIds().get(0);
        clientA.getUser(id);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> worker = new AtomicReference<>();
            Future<?> sleeper = pool.submit(() -> {
                worker.set(Thread.currentThread());
                return clientA.getUser(id);
            });
            TurnSleepers.awaitSleepingOnItsTurn(worker::get);

            b.blockFor(Duration.ofSeconds(30)); // B's request met a 429 while A's caller slept on its reserved turn

            ExecutionException e = assertThrows(ExecutionException.class, () -> sleeper.get(20, TimeUnit.SECONDS));
            ClerkRateLimitedException refused = assertInstanceOf(ClerkRateLimitedException.class, e.getCause());
            assertTrue(refused.rejectedLocally());
            assertTrue(refused.retryAfter().toSeconds() > 20, "the block left: " + refused.retryAfter());
            assertEquals(1, simulator.simulator().totalCalls(), "the sleeper did not call Clerk");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redisNotAnswering_countsLocally_withoutARedisTimeoutPerCall() throws Exception {
        try (ServerSocket blackhole = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackhole.accept()); // accepts, never answers
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // 60 per 600 s: a burst of 3, then one request per 10.5 s.
            ClerkRateBudget budget = budget(redis("redis://127.0.0.1:" + blackhole.getLocalPort(), "300ms"), 60,
                    Duration.ofSeconds(600));
            long start = System.nanoTime();
            int granted = 0;

            for (int i = 0; i < 20; i++) {
                if (budget.acquire(1, Duration.ZERO).isZero()) {
                    granted++;
                }
            }

            assertEquals(3, granted, "the fallback keeps the limit");
            assertEquals(ClerkRateBudget.LOCAL_FALLBACK, budget.mode());
            assertEquals(ClerkRateBudget.LOCAL_FALLBACK, budget.state().mode());
            // Generous bound: 20 Redis timeouts would take 6 s and more.
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "no Redis timeout per call");
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void redisPortClosed_countsLocally() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // 40 per 600 s: a burst of 2, then one request per 15.8 s.
        ClerkRateBudget budget = budget(redis("redis://127.0.0.1:" + port, "300ms"), 40, Duration.ofSeconds(600));

        assertTrue(budget.acquire(1, Duration.ZERO).isZero());
        assertTrue(budget.acquire(1, Duration.ZERO).isZero());
        assertFalse(budget.acquire(1, Duration.ZERO).isZero());
        assertEquals(ClerkRateBudget.LOCAL_FALLBACK, budget.mode());
    }

}
