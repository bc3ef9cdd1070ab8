package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import jakarta.json.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's request budget, bulkhead and deadline against real HTTP servers: the simulator (counting calls), a
 * server that holds requests, one that never answers, one that fails.
 */
class ClerkClientBudgetTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SimulatorHttpServer simulator;
    private Recorder stats;

    @BeforeEach
    void start() {
        simulator = new SimulatorHttpServer(new ClerkSimulator(new SimulatorSettings(20, 7, Duration.ZERO, 0),
                new TestClock(), millis -> { }));
        stats = Recorder.inMemory();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        simulator.close();
    }

    private static ClerkConfig config(URI baseUrl, Map<String, String> more) {
        Map<String, String> values = new HashMap<>();
        values.put("clerk.secret-key", TestConfigs.SECRET);
        values.put("clerk.api-url", baseUrl.toString());
        values.put("clerk.read-retries", "0");
        values.put("clerk.read-timeout", "10s");
        values.putAll(more);
        return new ClerkConfig(TestConfigs.config(values));
    }

    private ClerkClient client(ClerkConfig config, ClerkRateBudget budget) {
        return new ClerkClient(config, stats, budget, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    private String id(int i) {
        return simulator.simulator().userIds().get(i);
    }

    @Test
    void getUser_budgetUsedUp_waitsForTheNextRequestThenCalls() throws Exception {
        ClerkConfig config = config(simulator.baseUrl(), Map.of("clerk.rate-limit.max-wait", "10s"));
        ClerkClient client = client(config, new LocalClerkRateBudget(2, Duration.ofSeconds(2), Clock.systemUTC(),
                ClerkRateBudget.LOCAL));
        client.getUser(id(0));
        client.getUser(id(1));
        CountDownLatch done = new CountDownLatch(1);

        Future<Optional<ClerkUser>> third = pool.submit(() -> {
            try {
                return client.getUser(id(2));
            } finally {
                done.countDown();
            }
        });

        assertFalse(done.await(300, TimeUnit.MILLISECONDS), "the third call waits for the window to free a request");
        assertEquals(2, simulator.simulator().totalCalls(), "Clerk not called while waiting");
        assertEquals(id(2), third.get(10, TimeUnit.SECONDS).orElseThrow().id());
        assertEquals(3, simulator.simulator().totalCalls());
        assertTrue(stats.clerkBudgetWaited().toMillis() > 0);
    }

    @Test
    void getUser_rateLimitedWhileSleepingOnItsTurn_refusedWithoutCallingClerk() throws Exception {
        ClerkConfig config = config(simulator.baseUrl(), Map.of("clerk.rate-limit.max-wait", "10s"));
        LocalClerkRateBudget budget = new LocalClerkRateBudget(2, Duration.ofSeconds(4), Clock.systemUTC(),
                ClerkRateBudget.LOCAL);
        ClerkClient client = client(config, budget);
        client.getUser(id(0)); // the burst of 1; the next turn is 4 s away
        AtomicReference<Thread> worker = new AtomicReference<>();
        Future<Optional<ClerkUser>> sleeper = pool.submit(() -> {
            worker.set(Thread.currentThread());
            return client.getUser(id(1));
        });
        TurnSleepers.awaitSleepingOnItsTurn(worker::get);

        budget.blockFor(Duration.ofSeconds(30)); // another request met a 429 meanwhile

        ExecutionException e = assertThrows(ExecutionException.class, () -> sleeper.get(20, TimeUnit.SECONDS));
        ClerkRateLimitedException refused = assertInstanceOf(ClerkRateLimitedException.class, e.getCause());
        assertTrue(refused.rejectedLocally());
        assertTrue(refused.retryAfter().toSeconds() > 20, "the block left: " + refused.retryAfter());
        assertEquals(1, simulator.simulator().totalCalls(), "the sleeper did not call Clerk");
        assertEquals(1, stats.clerkRefusedLocallyCount());
    }

    @Test
    void getUser_maxWaitShorterThanRefill_rateLimitedWithoutCallingClerk() {
        ClerkConfig config = config(simulator.baseUrl(), Map.of("clerk.rate-limit.max-wait", "200ms"));
        ClerkClient client = client(config, new LocalClerkRateBudget(1, Duration.ofSeconds(30), Clock.systemUTC(),
                ClerkRateBudget.LOCAL));
        client.getUser(id(0));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class, () -> client.getUser(id(1)));

        assertTrue(e.rejectedLocally());
        assertTrue(e.retryAfter().toSeconds() > 20, "until the window frees a request: " + e.retryAfter());
        assertEquals(1, simulator.simulator().totalCalls());
        assertEquals(1, stats.clerkRefusedLocallyCount());
    }

    @Test
    void getUser_deadlineShorterThanRefill_rateLimitedWithoutCallingClerk() {
        ClerkConfig config = config(simulator.baseUrl(), Map.of("clerk.rate-limit.max-wait", "60s"));
        ClerkClient client = client(config, new LocalClerkRateBudget(1, Duration.ofSeconds(30), Clock.systemUTC(),
                ClerkRateBudget.LOCAL));
        client.getUser(id(0));

        try (CallDeadline d = CallDeadline.start(Duration.ofMillis(300))) {
            assertThrows(ClerkRateLimitedException.class, () -> client.getUser(id(1)));
        }
        assertEquals(1, simulator.simulator().totalCalls());
    }

    @Test
    void writes_takeRequestsFromTheBudget_jwksDoesNot() {
        ClerkConfig config = config(simulator.baseUrl(), Map.of("clerk.rate-limit.max-wait", "0s"));
        ClerkClient client = client(config, new LocalClerkRateBudget(1, Duration.ofSeconds(30), Clock.systemUTC(),
                ClerkRateBudget.LOCAL));

        client.updateMetadata(id(0), Json.createObjectBuilder()
                .add("public_metadata", Json.createObjectBuilder().add("k", "v")).build());

        assertThrows(ClerkRateLimitedException.class, () -> client.getUser(id(1)), "the write took the request");
        assertTrue(client.jwks().containsKey("keys"), "GET /jwks needs no request of the budget");
        assertEquals(2, simulator.simulator().totalCalls());
    }

    @Test
    void bulkheadFull_callBeyondTheSlotsRefusedWithoutRequest() throws Exception {
        try (GatedClerkServer server = GatedClerkServer.closed()) {
            ClerkConfig config = config(server.baseUrl(), Map.of("clerk.max-concurrent-calls", "2",
                    "clerk.bulkhead-wait", "50ms"));
            ClerkClient client = client(config, new LocalClerkRateBudget());
            List<Future<Optional<ClerkUser>>> holding = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holding.add(pool.submit(() -> client.getUser(GatedClerkServer.ID)));
            }
            assertTrue(server.awaitHeld(2), "two requests in flight");

            ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class,
                    () -> client.getUser(GatedClerkServer.ID));

            assertTrue(e.getMessage().contains("bulkhead full"), e.getMessage());
            assertEquals(2, server.received());
            assertEquals(1, stats.clerkBulkheadRefusedCount());
            server.open();
            for (Future<Optional<ClerkUser>> f : holding) {
                assertTrue(f.get(10, TimeUnit.SECONDS).isPresent());
            }
            assertTrue(client.getUser(GatedClerkServer.ID).isPresent(), "slots are given back");
        }
    }

    @Test
    void bulkheadFull_waitsForAFreedSlotWithinItsWait() throws Exception {
        try (GatedClerkServer server = GatedClerkServer.closed()) {
            ClerkConfig config = config(server.baseUrl(), Map.of("clerk.max-concurrent-calls", "1",
                    "clerk.bulkhead-wait", "10s"));
            ClerkClient client = client(config, new LocalClerkRateBudget());
            Future<Optional<ClerkUser>> first = pool.submit(() -> client.getUser(GatedClerkServer.ID));
            assertTrue(server.awaitHeld(1));
            Future<Optional<ClerkUser>> second = pool.submit(() -> client.getUser(GatedClerkServer.ID));

            assertFalse(server.awaitHeld(1, 200), "the second waits for the slot, no request yet");
            server.open();

            assertTrue(first.get(10, TimeUnit.SECONDS).isPresent());
            assertTrue(second.get(10, TimeUnit.SECONDS).isPresent());
            assertEquals(2, server.received());
        }
    }

    @Test
    void hangingClerk_deadlineEndsTheCallLongBeforeTimeoutsAndRetries() {
        try (GatedClerkServer server = GatedClerkServer.hanging()) {
            ClerkConfig config = config(server.baseUrl(), Map.of("clerk.read-timeout", "5s",
                    "clerk.read-retries", "2", "clerk.retry-backoff", "100ms"));
            ClerkClient client = client(config, new LocalClerkRateBudget());
            long start = System.nanoTime();

            try (CallDeadline d = CallDeadline.start(Duration.ofMillis(500))) {
                assertThrows(ClerkUnavailableException.class, () -> client.getUser(GatedClerkServer.ID));
            }

            // Generous bound: without the deadline this takes 3 x 5 s.
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "returned long before 15 s");
            assertEquals(1, server.received(), "no retry the deadline cannot hold");
        }
    }

    @Test
    void deadlinePassed_failsWithoutRequest() throws Exception {
        ClerkClient client = client(config(simulator.baseUrl(), Map.of()), new LocalClerkRateBudget());
        try (CallDeadline d = CallDeadline.start(Duration.ofMillis(1))) {
            Thread.sleep(5);
            ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class,
                    () -> client.getUser(id(0)));
            assertTrue(e.getMessage().contains("deadline passed"), e.getMessage());
        }
        assertEquals(0, simulator.simulator().totalCalls());
    }

    @Test
    void serverError_deadlineCannotHoldTheBackoff_noRetry() {
        try (ScriptedClerkServer server = new ScriptedClerkServer(ScriptedClerkServer.answer(503, "{}"),
                ScriptedClerkServer.answer(200, GatedClerkServer.USER))) {
            List<Duration> backoffs = new ArrayList<>();
            ClerkConfig config = config(server.baseUrl(), Map.of("clerk.read-retries", "2",
                    "clerk.retry-backoff", "2s"));
            ClerkClient client = new ClerkClient(config, stats, new LocalClerkRateBudget(), Clock.systemUTC(),
                    backoffs::add);

            try (CallDeadline d = CallDeadline.start(Duration.ofMillis(800))) {
                assertThrows(ClerkUnavailableException.class, () -> client.getUser(GatedClerkServer.ID));
            }

            assertEquals(1, server.requests().size());
            assertEquals(List.of(), backoffs, "no backoff sleep");
        }
    }

    @Test
    void serverError_noDeadline_retriedAsBefore() {
        try (ScriptedClerkServer server = new ScriptedClerkServer(ScriptedClerkServer.answer(503, "{}"),
                ScriptedClerkServer.answer(200, GatedClerkServer.USER))) {
            List<Duration> backoffs = new ArrayList<>();
            ClerkConfig config = config(server.baseUrl(), Map.of("clerk.read-retries", "2",
                    "clerk.retry-backoff", "2s"));
            ClerkClient client = new ClerkClient(config, stats, new LocalClerkRateBudget(), Clock.systemUTC(),
                    backoffs::add);

            assertTrue(client.getUser(GatedClerkServer.ID).isPresent());

            assertEquals(2, server.requests().size());
            assertEquals(1, backoffs.size());
        }
    }
}
