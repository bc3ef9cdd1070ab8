package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-user loads that wait for the rate budget join one list call ({@link ClerkClient#getUserCoalescing}), against
 * the simulator over real HTTP at 0 ms and at 20 ms latency, and against a failing server.
 */
class CoalescedUserLoadsTest {

    private static final int LOADS = 12;
    private static final int ROUNDS = 8;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SimulatorHttpServer simulator;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (simulator != null) {
            simulator.close();
        }
    }

    private SimulatorHttpServer simulator(Duration latency) {
        simulator = new SimulatorHttpServer(new ClerkSimulator(new SimulatorSettings(40, 11, latency, 0),
                new TestClock(), Thread::sleep));
        return simulator;
    }

    private static ClerkConfig config(URI baseUrl, String maxWait) {
        Map<String, String> values = new HashMap<>();
        values.put("clerk.secret-key", TestConfigs.SECRET);
        values.put("clerk.api-url", baseUrl.toString());
        values.put("clerk.read-retries", "0");
        values.put("clerk.read-timeout", "10s");
        values.put("clerk.rate-limit.max-wait", maxWait);
        return new ClerkConfig(TestConfigs.config(values));
    }

    /** A budget of one request per {@code window}, already used. */
    private static LocalClerkRateBudget usedUp(Duration window) {
        LocalClerkRateBudget budget = new LocalClerkRateBudget(1, window, Clock.systemUTC(), ClerkRateBudget.LOCAL);
        assertTrue(budget.acquire(1, Duration.ZERO).isZero());
        return budget;
    }

    @Test
    void concurrentLoads_budgetUsedUp_oneListCallWithEveryId_noLatency() throws Exception {
        concurrentLoadsJoinOneCall(Duration.ZERO);
    }

    @Test
    void concurrentLoads_budgetUsedUp_oneListCallWithEveryId_20msLatency() throws Exception {
        concurrentLoadsJoinOneCall(Duration.ofMillis(20));
    }

    private void concurrentLoadsJoinOneCall(Duration latency) throws Exception {
        SimulatorHttpServer server = simulator(latency);
        ClerkSimulator clerk = server.simulator();
        List<String> known = clerk.userIds();
        for (int round = 0; round < ROUNDS; round++) {
            Recorder stats = Recorder.inMemory();
            // Each round its own budget, used up before the loads start: all of them must wait.
            ClerkClient client = new ClerkClient(config(server.baseUrl(), "10s"), stats,
                    usedUp(Duration.ofSeconds(1)), Clock.systemUTC(), d -> { });
            long listsBefore = clerk.calls("GET /users");
            long byIdBefore = clerk.calls("GET /users/{id}");
            CyclicBarrier start = new CyclicBarrier(LOADS);
            List<String> wanted = new ArrayList<>();
            List<Future<Optional<ClerkUser>>> loads = new ArrayList<>();
            for (int i = 0; i < LOADS; i++) {
                // Two loads of one id, and one id Clerk does not know.
                String id = i == LOADS - 1 ? "user_000000000000000000000000000"
                        : known.get((round * LOADS + Math.min(i, LOADS - 3)) % known.size());
                wanted.add(id);
                loads.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return client.getUserCoalescing(id);
                }));
            }

            for (int i = 0; i < LOADS; i++) {
                Optional<ClerkUser> user = loads.get(i).get(20, TimeUnit.SECONDS);
                if (i == LOADS - 1) {
                    assertTrue(user.isEmpty(), "round " + round + ": an id Clerk leaves out is not found");
                } else {
                    assertEquals(wanted.get(i), user.orElseThrow().id(), "round " + round);
                }
            }
            assertEquals(listsBefore + 1, clerk.calls("GET /users"), "round " + round + ": one list call");
            assertEquals(byIdBefore, clerk.calls("GET /users/{id}"), "round " + round);
            assertEquals(1, stats.clerkCoalescedCalls(), "round " + round);
            assertEquals(new LinkedHashSet<>(wanted).size(), stats.clerkCoalescedIds(),
                    "round " + round + ": every distinct id in the one call");
        }
    }

    @Test
    void load_budgetHasARequest_getsTheUserById() {
        SimulatorHttpServer server = simulator(Duration.ZERO);
        Recorder stats = Recorder.inMemory();
        ClerkClient client = new ClerkClient(config(server.baseUrl(), "1s"), stats, new LocalClerkRateBudget(),
                Clock.systemUTC(), d -> { });
        String id = server.simulator().userIds().get(0);

        assertEquals(id, client.getUserCoalescing(id).orElseThrow().id());

        assertEquals(1, server.simulator().calls("GET /users/{id}"));
        assertEquals(0, server.simulator().calls("GET /users"));
        assertEquals(0, stats.clerkCoalescedCalls());
    }

    @Test
    void jointCallFails_everyWaiterFails() throws Exception {
        try (ScriptedClerkServer server = new ScriptedClerkServer(ScriptedClerkServer.answer(503, "{}"))) {
            ClerkClient client = new ClerkClient(config(server.baseUrl(), "10s"), Recorder.inMemory(),
                    usedUp(Duration.ofSeconds(1)), Clock.systemUTC(), d -> { });
            CyclicBarrier start = new CyclicBarrier(5);
            List<Future<Optional<ClerkUser>>> loads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = "user_" + Integer.toString(i).repeat(27);
                loads.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return client.getUserCoalescing(id);
                }));
            }

            for (Future<Optional<ClerkUser>> load : loads) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> load.get(20, TimeUnit.SECONDS));
                assertInstanceOf(ClerkUnavailableException.class, e.getCause());
            }
            List<RecordedRequest> requests = server.requests();
            assertEquals(1, requests.size());
            assertEquals(5, requests.get(0).query().get("user_id").size());
        }
    }

    @Test
    void waiterWithShortDeadline_givesUpAlone_othersStillLoaded() throws Exception {
        SimulatorHttpServer server = simulator(Duration.ZERO);
        ClerkClient client = new ClerkClient(config(server.baseUrl(), "10s"), Recorder.inMemory(),
                usedUp(Duration.ofSeconds(4)), Clock.systemUTC(), d -> { });
        List<String> ids = server.simulator().userIds();
        Future<Optional<ClerkUser>> patient = pool.submit(() -> client.getUserCoalescing(ids.get(0)));
        Future<Optional<ClerkUser>> hurried = pool.submit(() -> {
            try (CallDeadline d = CallDeadline.start(Duration.ofMillis(200))) {
                return client.getUserCoalescing(ids.get(1));
            }
        });

        ExecutionException e = assertThrows(ExecutionException.class, () -> hurried.get(5, TimeUnit.SECONDS));
        assertInstanceOf(ClerkRateLimitedException.class, e.getCause(), e.getCause().getMessage());
        assertEquals(ids.get(0), patient.get(10, TimeUnit.SECONDS).orElseThrow().id());
        assertEquals(1, server.simulator().totalCalls(), "one call, for the load that waited");
    }
}
