package io.clerkcache.users;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An invalidation that arrives while Clerk's answer to a lookup is on its way (Clerk already read the user, then the
 * user changed and the service was told so): once {@link UserDirectory#invalidate} has returned, no lookup may serve
 * the copy that load carries, so the next lookup asks Clerk again. Clerk's answer is held by the stand-in until the
 * test releases it; nothing is slowed down or timed.
 */
class InvalidationDuringLoadTest {

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private UserDirectory directory;
    private final ExecutorService lookups = Executors.newCachedThreadPool();

    private void start(Backend backend) {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(backend, clerk.baseUrl(), Duration.ofSeconds(60));
        directory = instances.start().directory();
    }

    @AfterEach
    void stop() {
        lookups.shutdownNow();
        if (instances != null) {
            instances.close();
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byId_invalidatedWhileClerksAnswerIsInFlight_nextLookupAsksClerkAndServesTheNewCopy(Backend backend)
            throws Exception {
        start(backend);
        String id = clerk.simulator().userIds().get(0);
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.path().equals("/v1/users/" + id));

        Future<Optional<ClerkUser>> overtaken = async(() -> directory.byId(id));
        answer.awaitArrival();
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        directory.invalidate(id);
        answer.release();
        assertTrue(overtaken.get(30, TimeUnit.SECONDS).isPresent());

        assertEquals("Changed", directory.byId(id).orElseThrow().firstName(),
                "the copy loaded before the invalidation must not have been cached");
        assertEquals("Changed", directory.byId(id).orElseThrow().firstName());
        assertEquals(List.of("/v1/users/" + id, "/v1/users/" + id), paths(clerk.requests()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byIds_oneIdInvalidatedWhileTheBatchAnswerIsInFlight_nextBatchAsksClerkForThatIdOnly(Backend backend)
            throws Exception {
        start(backend);
        String id = clerk.simulator().userIds().get(0);
        String other = clerk.simulator().userIds().get(1);
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.queryValues("user_id").contains(id));

        Future<UserBatch> overtaken = async(() -> directory.byIds(List.of(id, other)));
        answer.awaitArrival();
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        directory.invalidate(id);
        answer.release();
        assertEquals(2, overtaken.get(30, TimeUnit.SECONDS).users().size());

        UserBatch next = directory.byIds(List.of(id, other));

        assertEquals(List.of(id, other), next.users().stream().map(ClerkUser::id).toList());
        assertEquals("Changed", next.users().get(0).firstName());
        List<RecordedRequest> requests = clerk.requests();
        assertEquals(2, requests.size(), () -> paths(requests).toString());
        assertEquals(List.of(id), requests.get(1).queryValues("user_id"),
                "the id not invalidated was cached by the first batch");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byUsername_userInvalidatedWhileClerksAnswerIsInFlight_nextLookupsAskClerkAndServeTheNewCopy(
            Backend backend) throws Exception {
        start(backend);
        String id = clerk.simulator().userIds().get(0);
        String username = clerk.simulator().user(id).getString("username");
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.queryValues("username").contains(username));

        Future<Optional<ClerkUser>> overtaken = async(() -> directory.byUsername(username));
        answer.awaitArrival();
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        directory.invalidate(id);
        answer.release();
        assertEquals(id, overtaken.get(30, TimeUnit.SECONDS).orElseThrow().id());

        assertEquals("Changed", directory.byUsername(username).orElseThrow().firstName(),
                "neither the index entry nor the user loaded before the invalidation may serve this lookup");
        assertEquals("Changed", directory.byId(id).orElseThrow().firstName(),
                "the user the username load offered to the user cache must not have been written either");
        String byName = "/v1/users?username=" + username;
        assertEquals(List.of(byName, byName, "/v1/users/" + id), paths(clerk.requests()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void byUsername_nameRememberedUnusedThenTakenAndTheUserInvalidated_foundByTheNextLookup(Backend backend) {
        start(backend);
        String id = clerk.simulator().userIds().get(0);
        String name = "free_name_" + backend.name().toLowerCase(java.util.Locale.ROOT);
        assertEquals(Optional.empty(), directory.byUsername(name));
        assertEquals(Optional.empty(), directory.byUsername(name));
        assertEquals(1, clerk.requests().size(), "the unused name is remembered");

        ClerkEdits.set(clerk.simulator(), id, "username", name);
        directory.invalidate(id); // what the user.updated webhook does

        assertEquals(id, directory.byUsername(name).orElseThrow().id());
        assertEquals(2, clerk.requests().size(), "one Clerk call, not 'not found' for the negative TTL");
    }

    private <T> Future<T> async(Callable<T> lookup) {
        return lookups.submit(lookup);
    }

    private static List<String> paths(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.path() + (r.rawQuery() == null ? "" : "?" + r.rawQuery())).toList();
    }
}
