package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.users.cache.UserCaches;

/**
 * The per-caller limit on Clerk calls: a caller that keeps causing misses gets its own 429 before Clerk is asked,
 * while cached users are still served to it and other callers are not affected. Burst 3, one call per second.
 */
class CallerLimitTest {

    private static final Map<String, String> LIMIT = Map.of("clerk.caller-limit.rate", "1",
            "clerk.caller-limit.burst", "3");
    private static final String MALLORY = "203.0.113.66";
    private static final String ALICE = "198.51.100.1";

    private DirectoryFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void byId_callerKeepsMissing_refusedBeforeClerkIsAsked() {
        fixture = DirectoryFixture.start(10, LIMIT);
        UserDirectory directory = fixture.directory();

        for (int i = 0; i < 3; i++) {
            String random = randomId(i);
            fixture.inHttpRequest(MALLORY, () -> directory.byId(random));
        }
        CallerRateLimitedException e = assertThrows(CallerRateLimitedException.class,
                () -> fixture.inHttpRequest(MALLORY, () -> directory.byId(randomId(3))));

        assertEquals(3, fixture.simulator().totalCalls(), "the fourth miss never reached Clerk");
        assertEquals(1, e.retryAfterSeconds());
        assertEquals(1, fixture.bean(UpstreamLimiter.class).refused());
    }

    @Test
    void byUsername_enumeration_refusedAfterTheBurst() {
        fixture = DirectoryFixture.start(10, LIMIT);
        UserDirectory directory = fixture.directory();

        for (int i = 0; i < 3; i++) {
            String name = "guess_" + i;
            fixture.inHttpRequest(MALLORY, () -> directory.byUsername(name));
        }

        assertThrows(CallerRateLimitedException.class,
                () -> fixture.inHttpRequest(MALLORY, () -> directory.byUsername("guess_3")));
        assertEquals(3, fixture.simulator().totalCalls());
    }

    @Test
    void byId_limitedCaller_stillServedWhatIsCachedAndOtherCallersUnaffected() {
        fixture = DirectoryFixture.start(10, LIMIT);
        UserDirectory directory = fixture.directory();
        String cached = fixture.simulator().userIds().get(0);
        directory.byId(cached); // outside HTTP: an application's own lookup, not limited
        for (int i = 0; i < 3; i++) {
            String random = randomId(i);
            fixture.inHttpRequest(MALLORY, () -> directory.byId(random));
        }

        assertTrue(fixture.inHttpRequest(MALLORY, () -> directory.byId(cached)).isPresent());
        assertTrue(fixture.inHttpRequest(ALICE, () -> directory.byId(fixture.simulator().userIds().get(1)))
                .isPresent());
        assertThrows(CallerRateLimitedException.class,
                () -> fixture.inHttpRequest(MALLORY, () -> directory.byId(fixture.simulator().userIds().get(2))));
    }

    @Test
    void byId_afterWaiting_admittedAgainAtTheConfiguredRate() {
        fixture = DirectoryFixture.start(10, LIMIT);
        UserDirectory directory = fixture.directory();
        for (int i = 0; i < 3; i++) {
            String random = randomId(i);
            fixture.inHttpRequest(MALLORY, () -> directory.byId(random));
        }
        assertThrows(CallerRateLimitedException.class,
                () -> fixture.inHttpRequest(MALLORY, () -> directory.byId(randomId(3))));

        DirectoryFixture.CLOCK.advance(Duration.ofSeconds(1));

        assertEquals(Optional.empty(), fixture.inHttpRequest(MALLORY, () -> directory.byId(randomId(4))));
        assertThrows(CallerRateLimitedException.class,
                () -> fixture.inHttpRequest(MALLORY, () -> directory.byId(randomId(5))));
    }

    @Test
    void byIds_eachClerkCallOfUpTo100IdsTakesOneToken() {
        fixture = DirectoryFixture.start(10, LIMIT);
        UserDirectory directory = fixture.directory();
        List<String> first = IntStream.range(0, 250).mapToObj(CallerLimitTest::randomId).toList();
        List<String> next = IntStream.range(250, 260).mapToObj(CallerLimitTest::randomId).toList();

        assertEquals(250, fixture.inHttpRequest(MALLORY, () -> directory.byIds(first)).missing().size());
        assertThrows(CallerRateLimitedException.class, () -> fixture.inHttpRequest(MALLORY,
                () -> directory.byIds(next)));
        assertEquals(3, fixture.simulator().totalCalls(), "250 ids: three Clerk calls, the whole burst");
    }

    @Test
    void byId_outsideHttp_notLimited() {
        fixture = DirectoryFixture.start(10, LIMIT);
        UserDirectory directory = fixture.directory();

        for (int i = 0; i < 10; i++) {
            directory.byId(randomId(i));
        }

        assertEquals(10, fixture.simulator().totalCalls());
    }

    @Test
    void byId_rateZero_limitOff() {
        fixture = DirectoryFixture.start(10, Map.of("clerk.caller-limit.rate", "0"));
        UserDirectory directory = fixture.directory();

        for (int i = 0; i < 200; i++) {
            String random = randomId(i);
            fixture.inHttpRequest(MALLORY, () -> directory.byId(random));
        }

        assertEquals(200, fixture.simulator().totalCalls());
    }

    /**
     * Caller keys from the test: who is calling is set per thread, and Mallory's key lookup can be held at a gate so
     * that another caller joins Mallory's load in the meantime.
     */
    @ApplicationScoped
    public static class GatedCallerKeys implements CallerKeys {
        static final ThreadLocal<String> CALLER = new ThreadLocal<>();
        static volatile CountDownLatch gate;
        /** Counted down when Mallory reaches the gate: she leads the load then (the limiter runs inside it). */
        static volatile CountDownLatch arrived;

        @Override
        public Optional<String> current() {
            String caller = CALLER.get();
            CountDownLatch g = gate;
            if (MALLORY.equals(caller) && g != null) {
                CountDownLatch a = arrived;
                if (a != null) {
                    a.countDown();
                }
                try {
                    g.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.ofNullable(caller);
        }
    }

    @Test
    void byId_otherCallerJoinedALimitedCallersLoad_loadsForItselfInsteadOfFailing() throws Exception {
        fixture = DirectoryFixture.start(10, LIMIT, GatedCallerKeys.class);
        UserDirectory directory = fixture.directory();
        String id = fixture.simulator().userIds().get(3);
        GatedCallerKeys.CALLER.set(MALLORY);
        for (int i = 0; i < 3; i++) {
            directory.byId(randomId(i));
        }
        GatedCallerKeys.CALLER.remove();
        long callsBefore = fixture.simulator().totalCalls();
        String usersCache = fixture.bean(UserCaches.class).physicalName(UserCaches.USERS);
        CacheStatistics statistics = fixture.bean(CacheStatistics.class);
        long waitsBefore = statistics.snapshot(usersCache).singleFlightWaits();
        GatedCallerKeys.gate = new CountDownLatch(1);
        GatedCallerKeys.arrived = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // 1. Mallory misses and leads the load; the limiter's key lookup holds it at the gate.
            CompletableFuture<Optional<ClerkUser>> mallory = CompletableFuture.supplyAsync(() -> as(MALLORY,
                    () -> directory.byId(id)), pool);
            assertTrue(GatedCallerKeys.arrived.await(30, TimeUnit.SECONDS), "Mallory never reached the limiter");
            // 2. Alice misses the same user and waits for Mallory's load (seen in the single-flight statistics).
            CompletableFuture<Optional<ClerkUser>> alice = CompletableFuture.supplyAsync(() -> as(ALICE,
                    () -> directory.byId(id)), pool);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (statistics.snapshot(usersCache).singleFlightWaits() == waitsBefore && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(statistics.snapshot(usersCache).singleFlightWaits() > waitsBefore, "Alice never joined");
            // 3. Mallory's load fails on Mallory's limit; Alice loads for herself.
            GatedCallerKeys.gate.countDown();

            assertEquals(id, alice.get(30, TimeUnit.SECONDS).orElseThrow().id());
            Exception refused = assertThrows(Exception.class, () -> mallory.get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof CallerRateLimitedException, refused::toString);
            assertEquals(callsBefore + 1, fixture.simulator().totalCalls());
        } finally {
            GatedCallerKeys.gate = null;
            GatedCallerKeys.arrived = null;
            pool.shutdownNow();
        }
    }

    private static <T> T as(String caller, java.util.function.Supplier<T> work) {
        GatedCallerKeys.CALLER.set(caller);
        try {
            return work.get();
        } finally {
            GatedCallerKeys.CALLER.remove();
        }
    }

    private static String randomId(int i) {
        return String.format("user_%027d", i);
    }
}
