package io.clerkcache.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.simulator.TestClock;

/**
 * Warming's pace on a test clock: every wait is recorded and moves the clock instead of passing, so that the tests
 * check how long warming waits, and when it calls, without taking that time.
 */
class WarmingPaceTest {

    private static final ClerkOperation OP = ClerkOperation.LIST_USERS_BY_ID;

    private final TestClock clock = new TestClock();
    private final LocalClerkRateBudget budget = new LocalClerkRateBudget(clock);
    private final List<Duration> waits = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    private WarmingPace pace(double callsPerSecond, Duration maxWait) {
        return new WarmingPace(budget, clock, d -> {
            waits.add(d);
            clock.advance(d);
        }, callsPerSecond, maxWait);
    }

    /** A Clerk call that checks it is made while the budget lets calls out, as the client would refuse it. */
    private String clerkCall() {
        assertTrue(budget.blockedFor().isZero(), "called while Clerk's rate limit blocks calls");
        calls.incrementAndGet();
        return "ok";
    }

    @Test
    void call_twoPerSecond_eachCallHalfASecondAfterTheOneBefore() throws InterruptedException {
        WarmingPace pace = pace(2, Duration.ofSeconds(60));

        for (int i = 0; i < 4; i++) {
            pace.call(OP, this::clerkCall);
        }

        assertEquals(4, calls.get());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500)), waits);
    }

    @Test
    void call_afterAQuietPeriod_noWait() throws InterruptedException {
        WarmingPace pace = pace(2, Duration.ofSeconds(60));
        pace.call(OP, this::clerkCall);
        clock.advance(Duration.ofSeconds(5));

        pace.call(OP, this::clerkCall);

        assertEquals(List.of(), waits);
    }

    @Test
    void call_budgetBlocked_waitsItOutThenCallsOnce() throws InterruptedException {
        WarmingPace pace = pace(5, Duration.ofSeconds(60));
        budget.blockFor(Duration.ofSeconds(3));

        assertEquals("ok", pace.call(OP, this::clerkCall));

        assertEquals(1, calls.get());
        assertEquals(List.of(Duration.ofSeconds(3)), waits);
    }

    @Test
    void call_budgetBlockedLongerThanMaxWait_failsAtOnceWithoutCalling() {
        WarmingPace pace = pace(5, Duration.ofSeconds(60));
        budget.blockFor(Duration.ofMinutes(5));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class,
                () -> pace.call(OP, this::clerkCall));

        assertEquals(0, calls.get());
        assertEquals(List.of(), waits, "no use waiting for a limit that outlasts the wait");
        assertTrue(e.rejectedLocally());
        assertEquals(Duration.ofMinutes(5), e.retryAfter());
    }

    @Test
    void call_clerkAnswers429_waitsItsRetryAfterAndCallsAgainOnce() throws InterruptedException {
        WarmingPace pace = pace(5, Duration.ofSeconds(60));

        String answer = pace.call(OP, () -> {
            if (calls.incrementAndGet() == 1) {
                budget.blockFor(Duration.ofSeconds(2)); // what the client does on a 429
                throw new ClerkRateLimitedException(OP, "too_many_requests", null, Duration.ofSeconds(2));
            }
            assertTrue(budget.blockedFor().isZero(), "called again while still blocked");
            return "ok";
        });

        assertEquals("ok", answer);
        assertEquals(2, calls.get());
        assertEquals(List.of(Duration.ofSeconds(2)), waits);
    }

    @Test
    void call_clerkKeepsFailing_pausesDoublingThenGivesUpWithinMaxWait() {
        WarmingPace pace = pace(1000, Duration.ofSeconds(10));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> pace.call(OP, () -> {
            calls.incrementAndGet();
            throw new ClerkUnavailableException(OP, 503, null, null, "server error", null);
        }));

        assertEquals(503, e.status());
        // 1 s, 2 s, 4 s: the next pause (8 s) would end beyond the 10 s allowed.
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
        assertEquals(4, calls.get());
    }

    @Test
    void call_clerkFailsOnceThenAnswers_oneSecondPause() throws InterruptedException {
        WarmingPace pace = pace(1000, Duration.ofSeconds(10));

        String answer = pace.call(OP, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new ClerkUnavailableException(OP, 0, null, null, "connection failed", null);
            }
            return "ok";
        });

        assertEquals("ok", answer);
        assertEquals(List.of(Duration.ofSeconds(1)), waits);
    }

    @Test
    void call_rateLimitAndThePaceTogether_theBlockIsWaitedOutFirst() throws InterruptedException {
        WarmingPace pace = pace(1, Duration.ofSeconds(60));
        pace.call(OP, this::clerkCall);
        budget.blockFor(Duration.ofSeconds(3));

        pace.call(OP, this::clerkCall);

        assertEquals(2, calls.get());
        assertEquals(List.of(Duration.ofSeconds(3)), waits, "the slot a second later had passed by then");
    }
}
