package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.json.Json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.clerkcache.clerk.ClerkConfigurationException;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.FlakyClerk.Mode;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.EntryRandom;
import io.clerkcache.users.cache.UserCaches;

/**
 * The lifetime of the directory's entries against Clerk failing (the simulator behind {@link FlakyClerk}, real HTTP;
 * Weld SE with Caffeine or the real Redis; time is the fixture's test clock): stale-if-error answers a marked copy
 * within its window and only for Clerk's unavailability or rate limit, the lookup deadline bounds a wait for a hanging
 * Clerk, and reloads adapt the entry's TTL.
 */
class EntryLifetimeDirectoryTest {

    static final Duration TTL = Duration.ofSeconds(60);
    static final Duration STALE_WINDOW = Duration.ofMinutes(10);

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SimulatorHttpServer simulator;
    private FlakyClerk clerk;
    private DirectoryFixture fixture;
    private UserDirectory directory;

    /** The draws of the entries' lifetimes, chosen by the test: 0.5 gives no jitter. */
    @Alternative
    @Priority(1)
    @ApplicationScoped
    public static class ChosenRandom extends EntryRandom {
        static volatile double draw = 0.5;

        @Override
        public double next() {
            return draw;
        }
    }

    private void start(Backend backend, Map<String, String> more) {
        simulator = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0), DirectoryFixture.CLOCK,
                TimeUnit.MILLISECONDS::sleep));
        clerk = new FlakyClerk(simulator.baseUrl());
        Map<String, String> settings = new HashMap<>();
        settings.put("clerk.read-retries", "0");
        settings.put("clerk.read-timeout", "30s");
        settings.put("clerk.cache.ttl", TTL.toSeconds() + "s");
        settings.put("clerk.cache.stale-if-error", STALE_WINDOW.toMinutes() + "m");
        settings.put("clerk.cache.early-refresh-beta", "0"); // these tests move time by whole TTLs
        settings.put("clerk.cache.key-prefix", "entry-lifetime-test:" + UUID.randomUUID() + ":");
        // a cold container's first lookup (caches created, HTTP client started) must not run out of time on a busy
        // machine; the deadline tests set their own and warm up first
        settings.put("clerk.lookup-deadline", "30s");
        if (backend == Backend.REDIS) {
            settings.put("redis.url", "redis://127.0.0.1:6379");
        }
        settings.putAll(more);
        ChosenRandom.draw = 0.5;
        fixture = DirectoryFixture.against(clerk.baseUrl(), settings, ChosenRandom.class);
        directory = fixture.directory();
    }

    /** Creates the caches and the Clerk client's connection outside any lookup (and so outside its deadline). */
    private void warmUp() {
        UserCaches caches = fixture.bean(UserCaches.class);
        caches.users().getIfPresent(userId(19));
        caches.usernames().getIfPresent("nobody");
        fixture.bean(io.clerkcache.clerk.ClerkClient.class).getUser(userId(19));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (fixture != null) {
            UserCaches caches = fixture.bean(UserCaches.class);
            if (caches.backend().equals("redis")) {
                for (String name : List.of(UserCaches.USERS, UserCaches.USERS_MISSING, UserCaches.USERNAMES,
                        UserCaches.USERNAMES_MISSING, UserCaches.USERS_DELETED)) {
                    caches.cache(name).clear();
                }
            }
            fixture.close();
        }
        if (clerk != null) {
            clerk.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private String userId(int i) {
        return simulator.simulator().userIds().get(i);
    }

    private CachedUser entry(String id) {
        return fixture.bean(UserCaches.class).users().getIfPresent(id);
    }

    /** A lookup in an HTTP request, answering the user and the request's stale mark. */
    private record Answer(Optional<ClerkUser> user, Optional<Duration> staleAge) {
    }

    private Answer byIdInRequest(String id) {
        return fixture.inHttpRequest("10.0.0.1", () -> new Answer(directory.byId(id),
                fixture.bean(RequestMemo.class).staleAge()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_freshnessPassedAndClerkDown_copyAnsweredAndMarkedWithItsAge(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        assertTrue(byIdInRequest(id).user().isPresent());
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.DOWN);

        Answer answer = byIdInRequest(id);

        assertEquals(id, answer.user().orElseThrow().id());
        assertEquals(Optional.of(TTL.multipliedBy(2)), answer.staleAge());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_freshnessPassedAndClerkRateLimits_copyAnswered(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.RATE_LIMITED);

        Answer answer = byIdInRequest(id);

        assertEquals(id, answer.user().orElseThrow().id());
        assertTrue(answer.staleAge().isPresent());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_freshnessPassedAndClerkUp_reloadedUnmarkedAndTtlDoubled(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        directory.byId(id);
        assertEquals(TTL, entry(id).ttl());
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        int before = clerk.requests();

        Answer answer = byIdInRequest(id);

        assertTrue(answer.user().isPresent());
        assertEquals(Optional.empty(), answer.staleAge());
        assertEquals(before + 1, clerk.requests(), "the stale entry was reloaded");
        assertEquals(TTL.multipliedBy(2), entry(id).ttl(), "unchanged in Clerk: lives twice as long");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_userChangedInClerk_reloadHalvesTtl(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        simulator.simulator().editUser(id, Json.createObjectBuilder().add("first_name", "Changed").build());

        directory.byId(id);

        assertEquals("Changed", entry(id).user().document().getString("first_name"));
        assertEquals(TTL.dividedBy(2), entry(id).ttl());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void webhookUpdate_halvesTtl(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(Duration.ofSeconds(1));
        String body = simulator.simulator().editUser(id,
                Json.createObjectBuilder().add("first_name", "Hooked").build()).body();
        ClerkUser changed = ClerkUser.of(Json.createReader(new java.io.StringReader(body)).readObject());

        assertEquals(UserChanges.Outcome.APPLIED, fixture.bean(UserChanges.class).changed(changed));

        assertEquals(TTL.dividedBy(2), entry(id).ttl());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_beyondStaleWindow_clerkUnavailableThrown(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2).plus(STALE_WINDOW));
        clerk.mode(Mode.DOWN);

        assertThrows(ClerkUnavailableException.class, () -> directory.byId(id));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_staleIfErrorOff_clerkUnavailableThrown(Backend backend) {
        start(backend, Map.of("clerk.cache.stale-if-error", "0"));
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.DOWN);

        assertThrows(ClerkUnavailableException.class, () -> directory.byId(id));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_clerkRefusesCredentials_thrownNotAnsweredStale(Backend backend) {
        start(backend, Map.of());
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.REFUSED);

        assertThrows(ClerkConfigurationException.class, () -> directory.byId(id));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_uncachedUserAndClerkRateLimits_thrown(Backend backend) {
        start(backend, Map.of());
        clerk.mode(Mode.RATE_LIMITED);

        assertThrows(ClerkRateLimitedException.class, () -> directory.byId(userId(3)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byIds_staleCopiesAnsweredAndMarked(Backend backend) {
        start(backend, Map.of());
        List<String> ids = List.of(userId(0), userId(1), userId(2));
        directory.byIds(ids);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.DOWN);

        Map.Entry<UserBatch, Optional<Duration>> answer = fixture.inHttpRequest("10.0.0.1",
                () -> Map.entry(directory.byIds(ids), fixture.bean(RequestMemo.class).staleAge()));

        assertEquals(3, answer.getKey().users().size());
        assertEquals(List.of(), answer.getKey().missing(), "no user reported missing because Clerk was down");
        assertTrue(answer.getValue().isPresent());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byIds_oneWithoutCopyAndClerkDown_thrown(Backend backend) {
        start(backend, Map.of());
        directory.byIds(List.of(userId(0)));
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.DOWN);

        assertThrows(ClerkUnavailableException.class, () -> directory.byIds(List.of(userId(0), userId(5))));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byUsername_freshnessPassedAndClerkDown_copyAnswered(Backend backend) {
        start(backend, Map.of());
        ClerkUser user = directory.byId(userId(0)).orElseThrow();
        assertEquals(user.id(), directory.byUsername(user.username()).orElseThrow().id());
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.DOWN);

        Optional<ClerkUser> answer = fixture.inHttpRequest("10.0.0.1", () -> {
            Optional<ClerkUser> found = directory.byUsername(user.username());
            assertTrue(fixture.bean(RequestMemo.class).staleAge().isPresent());
            return found;
        });

        assertEquals(user.id(), answer.orElseThrow().id());
    }

    /**
     * A Clerk that holds requests open: a second lookup of the user being loaded gives up waiting at its deadline
     * (no copy: 503's exception), a cached user still answers at once, and the hanging call itself ends at the
     * leader's deadline (the Clerk client's request timeout is the time left).
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void deadline_clerkHangs_waiterFailsWithinBoundAndCachedUserAnswers(Backend backend) throws Exception {
        start(backend, Map.of("clerk.lookup-deadline", "500ms"));
        warmUp();
        String cached = userId(0);
        String uncached = userId(1);
        directory.byId(cached);
        clerk.mode(Mode.HANG);
        Future<Optional<ClerkUser>> first = pool.submit(() -> directory.byId(uncached));
        clerk.awaitHanging();

        Future<Optional<ClerkUser>> second = pool.submit(() -> directory.byId(uncached));
        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> second.get(10, TimeUnit.SECONDS), "the deadline bounds the wait (generous bound: 10 s)");
        assertTrue(failed.getCause() instanceof ClerkUnavailableException, failed.getCause().toString());
        assertEquals(cached, pool.submit(() -> directory.byId(cached)).get(10, TimeUnit.SECONDS).orElseThrow().id());
        java.util.concurrent.ExecutionException leader = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> first.get(10, TimeUnit.SECONDS), "the Clerk client bounds the hanging call by the deadline too");
        assertTrue(leader.getCause() instanceof ClerkUnavailableException, leader.getCause().toString());
        clerk.releaseHang();
    }

    /** With a copy past its freshness, a lookup waiting for a hanging reload answers the copy at its deadline. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void deadline_clerkHangsDuringStaleReload_waiterAnswersCopy(Backend backend) throws Exception {
        start(backend, Map.of("clerk.lookup-deadline", "500ms"));
        warmUp();
        String id = userId(0);
        directory.byId(id);
        DirectoryFixture.CLOCK.advance(TTL.multipliedBy(2));
        clerk.mode(Mode.HANG);
        Future<Optional<ClerkUser>> first = pool.submit(() -> directory.byId(id));
        clerk.awaitHanging();

        Answer answer = pool.submit(() -> byIdInRequest(id)).get(10, TimeUnit.SECONDS);

        assertEquals(id, answer.user().orElseThrow().id());
        assertTrue(answer.staleAge().isPresent());
        clerk.releaseHang();
        assertEquals(id, first.get(20, TimeUnit.SECONDS).orElseThrow().id(), "the leader's 503 answers its copy");
    }

    /**
     * Early refresh with chosen draws: a hit far from expiry with an ordinary draw does not reload; hits just before
     * expiry with a draw that asks for a refresh make one Clerk call, and while it is held every other hit answers
     * the cached copy at once.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void earlyRefresh_nearExpiry_oneReloadWhileOtherHitsAnswerTheCopy(Backend backend) throws Exception {
        start(backend, Map.of("clerk.cache.early-refresh-beta", "1"));
        String id = userId(0);
        directory.byId(id);
        CachedUser first = entry(id);
        int loads = clerk.requests();

        ChosenRandom.draw = 0.999; // -ln(r) = 0.001: refresh only within δ/1000 of expiry
        DirectoryFixture.CLOCK.advance(TTL.dividedBy(2));
        directory.byId(id);
        assertEquals(loads, clerk.requests(), "fresh and far from expiry: no reload");

        ChosenRandom.draw = Math.exp(-50); // refresh within 50·δ (δ >= 1 ms) of expiry
        DirectoryFixture.CLOCK.advance(Duration.between(DirectoryFixture.CLOCK.instant(), first.freshUntil())
                .minusMillis(1));
        SimulatorHttpServer.Hold held = simulator.holdNext(request -> true);
        Future<Optional<ClerkUser>> refresher = pool.submit(() -> directory.byId(id));
        held.awaitArrival();
        for (int i = 0; i < 8; i++) {
            assertEquals(id, pool.submit(() -> directory.byId(id)).get(10, TimeUnit.SECONDS).orElseThrow().id(),
                    "answered from the cache while the refresh is held");
        }
        held.release();

        assertEquals(id, refresher.get(20, TimeUnit.SECONDS).orElseThrow().id());
        assertEquals(loads + 1, clerk.requests(), "one refresh for all those hits");
        assertTrue(entry(id).fetchedAt().isAfter(first.fetchedAt()), "the entry was reloaded before it expired");
        assertEquals(TTL.multipliedBy(2), entry(id).ttl());
    }
}
