package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RatePacer}: reservations on a clock the test moves (concurrent callers get one schedule spaced by the
 * interval, in arrival order; random arrivals never exceed the documented bound), and concurrent lookups through the
 * client against the simulator, all served within their wait.
 */
class RatePacerTest {

    private static final int CALLERS = 16;
    private static final int ROUNDS = 20;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicLong now = new AtomicLong(1_000_000);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void concurrentCallers_sameInstant_allServed_startsSpacedByTheInterval() throws Exception {
        for (int limit : new int[] {21, 100}) {
            for (int round = 0; round < ROUNDS; round++) {
                RatePacer pacer = new RatePacer(limit, Duration.ofSeconds(10), now::get);
                long interval = RatePacer.intervalMillis(limit, 10_000);
                int burst = RatePacer.burst(limit);
                CyclicBarrier start = new CyclicBarrier(CALLERS);
                List<Future<Long>> waits = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    waits.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return pacer.reserve(1, 60_000);
                    }));
                }
                List<Long> got = new ArrayList<>();
                for (Future<Long> w : waits) {
                    got.add(w.get(10, TimeUnit.SECONDS));
                }
                Collections.sort(got);

                List<Long> expected = new ArrayList<>();
                for (int k = 0; k < CALLERS; k++) {
                    expected.add(Math.max(0, k - (burst - 1)) * interval);
                }
                assertEquals(expected, got, "limit " + limit + ", round " + round
                        + ": a burst of " + burst + " at once, then one per " + interval + " ms, none refused");
                now.addAndGet(60_000);
            }
        }
    }

    @Test
    void callersArrivingOneAfterAnother_goInArrivalOrder() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            RatePacer pacer = new RatePacer(21, Duration.ofSeconds(10), now::get); // burst 1, 500 ms
            long interval = RatePacer.intervalMillis(21, 10_000);
            long first = now.get();
            List<CountDownLatch> turns = new ArrayList<>();
            for (int i = 0; i <= CALLERS; i++) {
                turns.add(new CountDownLatch(1));
            }
            long[] starts = new long[CALLERS];
            List<Future<?>> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int me = i;
                callers.add(pool.submit(() -> {
                    turns.get(me).await(10, TimeUnit.SECONDS);
                    long at = now.get();
                    long wait = pacer.reserve(1, 60_000);
                    starts[me] = wait < 0 ? -1 : at + wait;
                    now.addAndGet(7); // the next arrives a little later
                    turns.get(me + 1).countDown();
                    return null;
                }));
            }
            turns.get(0).countDown();
            for (Future<?> c : callers) {
                c.get(10, TimeUnit.SECONDS);
            }

            for (int i = 0; i < CALLERS; i++) {
                assertEquals(first + i * interval, starts[i], "round " + round + ": caller " + i
                        + " goes " + i + " intervals after the first (arrival order)");
            }
            now.addAndGet(60_000);
        }
    }

    @Test
    void randomArrivals_anyWindowHoldsAtMostTheBound() {
        Random random = new Random(4711);
        for (int limit : new int[] {1, 2, 3, 20, 21, 90, 100, 1000}) {
            for (long window : new long[] {1_000, 10_000}) {
                RatePacer pacer = new RatePacer(limit, Duration.ofMillis(window), now::get);
                long interval = RatePacer.intervalMillis(limit, window);
                int burst = RatePacer.burst(limit);
                List<Long> starts = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    now.addAndGet(random.nextInt(random.nextBoolean() ? 1 : (int) (2 * interval) + 1));
                    int permits = 1 + random.nextInt(burst);
                    long maxWait = random.nextInt(4) == 0 ? 0 : random.nextInt((int) (2 * window));
                    long wait = pacer.reserve(permits, maxWait);
                    if (wait >= 0) {
                        assertTrue(wait <= maxWait);
                        for (int p = 0; p < permits; p++) {
                            starts.add(now.get() + wait);
                        }
                    } else {
                        assertTrue(-wait > maxWait, "refused only beyond the wait");
                    }
                }
                Collections.sort(starts);
                long bound = burst + window / interval;
                assertTrue(bound <= (limit >= 2 ? limit : 2), "the documented bound is within the limit: " + bound);
                int j = 0;
                int k = 0;
                for (int i = 0; i < starts.size(); i++) {
                    while (j < starts.size() && starts.get(j) <= starts.get(i) + window) {
                        j++;
                    }
                    while (k < starts.size() && starts.get(k) < starts.get(i) + window) {
                        k++;
                    }
                    assertTrue(j - i <= bound, "limit " + limit + "/" + window + " ms: " + (j - i)
                            + " in [" + starts.get(i) + ", +" + window + "]");
                    assertTrue(k - i <= Math.max(1, limit - 1), "limit " + limit + "/" + window + " ms: "
                            + (k - i) + " in [" + starts.get(i) + ", +" + window + ")");
                }
                assertTrue(starts.size() > 1000, "the pacer let requests through: " + starts.size());
            }
        }
    }

    @Test
    void refusedCaller_refusedAtOnce_nothingTaken() {
        RatePacer pacer = new RatePacer(21, Duration.ofSeconds(10), now::get); // burst 1, 500 ms
        assertEquals(0, pacer.reserve(1, 0));

        assertEquals(-500, pacer.reserve(1, 499), "refused with the time it would have needed");
        assertEquals(500, pacer.reserve(1, 500), "the refusal took nothing: the next turn is still 500 ms away");
        assertEquals(-1000, pacer.reserve(1, -1), "a negative wait (interrupted) never takes");
    }

    @Test
    void rateLimited_blocksAndLengthensTheInterval() {
        RatePacer pacer = new RatePacer(21, Duration.ofSeconds(10), now::get); // burst 1, 500 ms
        pacer.rateLimited(2_000);

        assertEquals(-2_000, pacer.reserve(1, 1_000), "blocked for the Retry-After");
        assertEquals(2_000, pacer.reserve(1, 5_000), "the first goes when the block ends");
        assertEquals(10, pacer.currentLimit(), "the limit in force is halved");
        assertEquals(2_000 + RatePacer.intervalMillis(10, 10_000), pacer.reserve(1, 5_000), "at the slower pace");
    }

    @Test
    void concurrentLookups_maxWaitLongEnough_allServed_noLatency() throws Exception {
        concurrentLookupsAllServed(Duration.ZERO);
    }

    @Test
    void concurrentLookups_maxWaitLongEnough_allServed_20msLatency() throws Exception {
        concurrentLookupsAllServed(Duration.ofMillis(20));
    }

    private void concurrentLookupsAllServed(Duration latency) throws Exception {
        try (SimulatorHttpServer server = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(40, 5, latency, 0), new TestClock(), Thread::sleep))) {
            Map<String, String> values = new HashMap<>();
            values.put("clerk.secret-key", TestConfigs.SECRET);
            values.put("clerk.api-url", server.baseUrl().toString());
            values.put("clerk.read-retries", "0");
            values.put("clerk.rate-limit.max-wait", "10s");
            values.put("clerk.max-concurrent-calls", String.valueOf(CALLERS));
            ClerkConfig config = new ClerkConfig(TestConfigs.config(values));
            List<String> ids = server.simulator().userIds();
            for (int round = 0; round < 3; round++) {
                Recorder stats = Recorder.inMemory();
                // 41 per 2 s: a burst of 2, then one per 52 ms; the last of 16 waits about 0.75 s.
                ClerkClient client = new ClerkClient(config, stats, new LocalClerkRateBudget(41,
                        Duration.ofSeconds(2), Clock.systemUTC(), ClerkRateBudget.LOCAL));
                long before = server.simulator().totalCalls();
                CyclicBarrier start = new CyclicBarrier(CALLERS);
                List<Future<Optional<ClerkUser>>> lookups = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    String id = ids.get(i);
                    lookups.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return client.getUser(id);
                    }));
                }

                for (int i = 0; i < CALLERS; i++) {
                    assertEquals(ids.get(i), lookups.get(i).get(20, TimeUnit.SECONDS).orElseThrow().id(),
                            "round " + round);
                }
                assertEquals(before + CALLERS, server.simulator().totalCalls(), "round " + round);
                assertEquals(0, stats.clerkRefusedLocallyCount(), "round " + round + ": none refused");
            }
        }
    }
}
