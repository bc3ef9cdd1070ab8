package io.clerkcache.users;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the service (two Weld containers, each with its own directory, caches and Redisson client) sharing
 * one Redis and one key prefix, against one Clerk: an invalidation on one instance wins over a load in flight on the
 * other, which only the shared cache can tell (the instances share no memory). Clerk's answer is held by the
 * stand-in until the test releases it.
 */
class TwoInstancesSharingRedisTest {

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private UserDirectory one;
    private UserDirectory two;
    private final ExecutorService lookups = Executors.newCachedThreadPool();

    @BeforeEach
    void start() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.REDIS, clerk.baseUrl(), Duration.ofSeconds(60));
        one = instances.start().directory();
        two = instances.start().directory();
    }

    @AfterEach
    void stop() {
        lookups.shutdownNow();
        instances.close();
        clerk.close();
    }

    @Test
    void byId_loadOnOneInvalidatedOnTwo_oneAsksClerkAgainAndTwoGetsThatNewCopy() throws Exception {
        String id = clerk.simulator().userIds().get(0);
        loadOnOneOvertakenByInvalidationOnTwo(id);

        assertEquals("Changed", one.byId(id).orElseThrow().firstName(), "the overtaken copy was not written");
        assertEquals("Changed", two.byId(id).orElseThrow().firstName());
        assertEquals(List.of("/v1/users/" + id, "/v1/users/" + id), paths(clerk.requests()));
    }

    @Test
    void byId_loadOnOneInvalidatedOnTwo_twoAsksClerkAgainAndOneGetsThatNewCopy() throws Exception {
        String id = clerk.simulator().userIds().get(0);
        loadOnOneOvertakenByInvalidationOnTwo(id);

        assertEquals("Changed", two.byId(id).orElseThrow().firstName(), "the overtaken copy was not written");
        assertEquals("Changed", one.byId(id).orElseThrow().firstName());
        assertEquals(List.of("/v1/users/" + id, "/v1/users/" + id), paths(clerk.requests()));
    }

    @Test
    void byIds_batchOnOneOvertakenByInvalidationOnTwo_nextBatchesServeTheNewCopy() throws Exception {
        String id = clerk.simulator().userIds().get(0);
        String other = clerk.simulator().userIds().get(1);
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.queryValues("user_id").contains(id));

        Future<UserBatch> overtaken = async(() -> one.byIds(List.of(id, other)));
        answer.awaitArrival();
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        two.invalidate(id);
        answer.release();
        overtaken.get(30, TimeUnit.SECONDS);

        assertEquals("Changed", one.byIds(List.of(id, other)).users().get(0).firstName());
        assertEquals("Changed", two.byIds(List.of(id, other)).users().get(0).firstName());
        List<RecordedRequest> requests = clerk.requests();
        assertEquals(2, requests.size(), () -> paths(requests).toString());
        assertEquals(List.of(id), requests.get(1).queryValues("user_id"));
    }

    @Test
    void byUsername_loadOnOneOvertakenByInvalidationOnTwo_nextLookupsServeTheNewCopy() throws Exception {
        String id = clerk.simulator().userIds().get(0);
        String username = clerk.simulator().user(id).getString("username");
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.queryValues("username").contains(username));

        Future<Optional<ClerkUser>> overtaken = async(() -> one.byUsername(username));
        answer.awaitArrival();
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        two.invalidate(id);
        answer.release();
        overtaken.get(30, TimeUnit.SECONDS);

        assertEquals("Changed", one.byUsername(username).orElseThrow().firstName());
        assertEquals("Changed", two.byUsername(username).orElseThrow().firstName());
        assertEquals("Changed", one.byId(id).orElseThrow().firstName());
        assertEquals("Changed", two.byId(id).orElseThrow().firstName());
    }

    @Test
    void byUsername_nameRememberedUnusedOnOneThenTakenAndInvalidatedOnTwo_oneFindsTheUser() {
        String id = clerk.simulator().userIds().get(0);
        String name = "free_name_two_instances";
        assertEquals(Optional.empty(), one.byUsername(name));
        assertEquals(Optional.empty(), one.byUsername(name));
        assertEquals(1, clerk.requests().size(), "the unused name is remembered");

        ClerkEdits.set(clerk.simulator(), id, "username", name);
        two.invalidate(id);

        assertEquals(id, one.byUsername(name).orElseThrow().id());
        assertEquals(2, clerk.requests().size());
    }

    @Test
    void byId_coldIdLookedUpOnBothAtOnce_bothServeItThenBothHitTheSharedEntry() throws Exception {
        // Single flight is per instance: each instance may ask Clerk once here, and this test does not count on less.
        String id = clerk.simulator().userIds().get(0);
        CyclicBarrier together = new CyclicBarrier(2);
        Future<Optional<ClerkUser>> onOne = async(() -> {
            together.await();
            return one.byId(id);
        });
        Future<Optional<ClerkUser>> onTwo = async(() -> {
            together.await();
            return two.byId(id);
        });
        assertEquals(id, onOne.get(30, TimeUnit.SECONDS).orElseThrow().id());
        assertEquals(id, onTwo.get(30, TimeUnit.SECONDS).orElseThrow().id());
        int calls = clerk.requests().size();
        assertTrue(calls >= 1 && calls <= 2, () -> paths(clerk.requests()).toString());

        assertEquals(id, one.byId(id).orElseThrow().id());
        assertEquals(id, two.byId(id).orElseThrow().id());
        assertEquals(calls, clerk.requests().size(), "later lookups on either instance are cache hits");
    }

    /**
     * Instance one starts loading {@code id}; Clerk reads the user, then the user's first name changes to "Changed"
     * and instance two is told (invalidates) before Clerk's answer reaches one.
     */
    private void loadOnOneOvertakenByInvalidationOnTwo(String id) throws Exception {
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.path().equals("/v1/users/" + id));
        Future<Optional<ClerkUser>> overtaken = async(() -> one.byId(id));
        answer.awaitArrival();
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        two.invalidate(id);
        answer.release();
        assertTrue(overtaken.get(30, TimeUnit.SECONDS).isPresent());
    }

    private <T> Future<T> async(Callable<T> lookup) {
        return lookups.submit(lookup);
    }

    private static List<String> paths(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.path() + (r.rawQuery() == null ? "" : "?" + r.rawQuery())).toList();
    }
}
