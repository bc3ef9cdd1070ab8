package io.clerkcache.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorRequest;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import io.clerkcache.users.DirectoryInstances;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.InvalidLookupException;

/**
 * Warming on demand with the real directory in Weld SE against the simulator over HTTP: which ids it asks Clerk for,
 * in how many calls, what it reports, and how it waits for Clerk's rate limit. Each test has its own Clerk and its own
 * instance. The warming rate is high here (its pace is {@link WarmingPaceTest}'s subject).
 */
class UserWarmingWeldTest {

    private static final String UNKNOWN_1 = "user_00000000000000000000000001";
    private static final String UNKNOWN_2 = "user_00000000000000000000000002";

    private final TestClock clerkClock = new TestClock();
    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance service;
    private UserWarming warming;

    @BeforeEach
    void start() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(400, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0), clerkClock, ms -> { }));
        instances = new DirectoryInstances(Backend.IN_MEMORY, clerk.baseUrl(), Duration.ofSeconds(60))
                .with("clerk.warm.rate", "1000");
        service = instances.start(WarmingConfig.class, WarmingExecutor.class, UserWarming.class,
                DeployTimeWarming.class);
        warming = service.bean(UserWarming.class);
    }

    @AfterEach
    void stop() {
        if (instances != null) {
            instances.close();
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    private List<String> ids(int from, int to) {
        return clerk.simulator().userIds().subList(from, to);
    }

    private List<RecordedRequest> listCalls() {
        return clerk.requests().stream().filter(r -> r.path().equals("/v1/users")).toList();
    }

    private int cached(List<String> ids) {
        return service.caches().users().getAllIfPresent(new LinkedHashSet<>(ids)).size();
    }

    @Test
    void warm_250UncachedIds_threeClerkCallsOfAtMost100_allCachedAfterwards() {
        List<String> ids = ids(0, 250);

        WarmResult result = warming.warm(ids);

        assertEquals(new WarmResult(250, List.of()), result);
        assertEquals(3, clerk.requests().size());
        List<String> asked = new ArrayList<>();
        for (RecordedRequest r : listCalls()) {
            assertTrue(r.queryValues("user_id").size() <= 100, r.rawQuery());
            asked.addAll(r.queryValues("user_id"));
        }
        assertEquals(ids, asked, "each id asked once");
        assertEquals(250, cached(ids));
        service.directory().byIds(ids);
        assertEquals(3, clerk.requests().size(), "the lookups afterwards are served from the cache");
    }

    @Test
    void warm_50Of150CachedAlready_theOther100InOneCall() {
        List<String> ids = ids(0, 150);
        List<String> cachedBefore = ids(50, 100);
        service.directory().byIds(cachedBefore);
        assertEquals(1, clerk.requests().size());

        WarmResult result = warming.warm(ids);

        assertEquals(new WarmResult(150, List.of()), result);
        assertEquals(2, clerk.requests().size(), "one call for the 100 not cached");
        List<String> asked = clerk.requests().get(1).queryValues("user_id");
        assertEquals(100, asked.size());
        assertTrue(asked.stream().noneMatch(cachedBefore::contains), "a cached user was asked for again");
    }

    @Test
    void warm_allCachedAlready_noClerkCall() {
        List<String> ids = ids(0, 20);
        warming.warm(ids);

        WarmResult again = warming.warm(ids);

        assertEquals(new WarmResult(20, List.of()), again);
        assertEquals(1, clerk.requests().size());
    }

    @Test
    void warm_unknownIds_reportedMissingInOrderAndRememberedAsAbsent() {
        String known = ids(0, 1).get(0);
        List<String> ids = List.of(UNKNOWN_2, known, UNKNOWN_1, known);

        WarmResult first = warming.warm(ids);
        WarmResult second = warming.warm(ids);

        assertEquals(new WarmResult(1, List.of(UNKNOWN_2, UNKNOWN_1)), first);
        assertEquals(first, second);
        assertEquals(1, clerk.requests().size(), "absences are remembered: the second warming asks Clerk nothing");
        assertEquals(3, clerk.requests().get(0).queryValues("user_id").size(), "duplicates asked once");
    }

    @Test
    void warm_malformedId_invalidLookupBeforeAnyCall() {
        List<String> ids = new ArrayList<>(ids(0, 5));
        ids.add("user_../../admin");

        InvalidLookupException e = assertThrows(InvalidLookupException.class, () -> warming.warm(ids));

        assertTrue(e.getMessage().contains("not a valid Clerk user id"), e.getMessage());
        assertTrue(clerk.requests().isEmpty());
        assertThrows(InvalidLookupException.class, () -> warming.warm(java.util.Arrays.asList(ids(0, 1).get(0),
                null)));
    }

    @Test
    void warm_moreIdsThanTheBatchLimit_invalidLookupBeforeAnyCall() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(String.format("user_%027d", i));
        }

        InvalidLookupException e = assertThrows(InvalidLookupException.class, () -> warming.warm(ids));

        assertTrue(e.getMessage().contains("too many ids: 1001 (at most 1000)"), e.getMessage());
        assertTrue(clerk.requests().isEmpty());
    }

    @Test
    void warm_empty_nothingToDo() {
        assertEquals(new WarmResult(0, List.of()), warming.warm(List.of()));
        assertTrue(clerk.requests().isEmpty());
    }

    /**
     * Clerk's limit is 2 calls per window here and the window is full, with 3 s left: the warming's first call gets a
     * 429 with {@code Retry-After: 3}. It must wait that out, neither failing nor trying again meanwhile (the client
     * would refuse such a call locally, which the client's statistics would show), then finish. The limit is lifted
     * while it waits.
     */
    @Test
    void warm_clerkAnswers429_waitsOutRetryAfterWithoutCalling_thenFinishes() throws Exception {
        clerk.simulator().setRateLimit(2);
        for (int i = 0; i < 2; i++) {
            clerk.simulator().handle(new SimulatorRequest("GET", "/users/" + ids(0, 1).get(0), Map.of(),
                    "Bearer sk_test_other_traffic", null, null));
        }
        clerkClock.advance(Duration.ofSeconds(7));
        List<String> ids = ids(0, 300);

        CompletableFuture<WarmResult> run = CompletableFuture.supplyAsync(() -> warming.warm(ids));
        ClerkRateBudget budget = service.bean(ClerkRateBudget.class);
        DirectoryInstances.awaitCondition("a 429 from Clerk, recorded by the client",
                () -> !budget.blockedFor().isZero());
        assertTrue(budget.blockedFor().toMillis() > 1000, "Retry-After: 3");
        clerk.simulator().setRateLimit(0);
        WarmResult result = run.get(30, TimeUnit.SECONDS);

        assertEquals(new WarmResult(300, List.of()), result);
        assertEquals(1, clerk.simulator().stats().getJsonNumber("rate_limited").intValue(), "no hammering");
        assertEquals(4, clerk.requests().size(), "the refused call, then three of 100 ids");
        assertEquals(0, service.bean(Recorder.class).clerkRefusedLocallyCount(), "tried to call while blocked");
    }

    @Test
    void warm_rateLimitOutlastsMaxWait_failsAtOnceWithoutCallingClerk() {
        service.bean(ClerkRateBudget.class).blockFor(Duration.ofHours(1));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class, () -> warming.warm(ids(0, 10)));

        assertTrue(e.rejectedLocally());
        assertTrue(e.retryAfter().compareTo(Duration.ofMinutes(59)) > 0, e.retryAfter()::toString);
        assertTrue(clerk.requests().isEmpty());
        assertEquals(0, service.bean(Recorder.class).clerkCallsTotal());
    }
}
