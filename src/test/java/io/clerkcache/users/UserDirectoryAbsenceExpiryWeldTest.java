package io.clerkcache.users;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import io.clerkcache.users.cache.UserCaches;

import static io.clerkcache.users.DirectoryInstances.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ids Clerk does not know are remembered in the absence cache for {@code clerk.cache.negative-ttl} and asked again
 * once that cache's own expiry dropped them. Only real time expires a JCache entry, so the TTL here is 1 s and each
 * test waits for the entry to be gone (a condition with a deadline, not a fixed sleep).
 */
class UserDirectoryAbsenceExpiryWeldTest {

    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(1);

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance service;
    private UserDirectory directory;

    @BeforeEach
    void start() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.IN_MEMORY, clerk.baseUrl(), NEGATIVE_TTL);
        service = instances.start();
        directory = service.directory();
    }

    @AfterEach
    void stop() {
        instances.close();
        clerk.close();
    }

    @Test
    void byId_unknownId_askedAgainOnceItsAbsenceExpired() {
        String unknown = "user_00000000000000000000000zz";
        assertEquals(Optional.empty(), directory.byId(unknown));
        assertTrue(service.caches().cache(UserCaches.USERS_MISSING).containsKey(unknown), "remembered absent");

        awaitAbsenceExpired(unknown);
        assertEquals(Optional.empty(), directory.byId(unknown));

        assertEquals(2, clerk.requests().size());
    }

    @Test
    void byId_expiredAbsenceUnderConcurrentCallers_oneClerkCall() throws Exception {
        String unknown = "user_00000000000000000000000xx";
        directory.byId(unknown);
        awaitAbsenceExpired(unknown);
        int callers = 20;
        long waitsBefore = service.statistics(UserCaches.USERS).singleFlightWaits();
        // Clerk's answer to the first of them is held until every other caller waits for that load.
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.path().endsWith("/users/" + unknown));
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CyclicBarrier together = new CyclicBarrier(callers);
            List<Future<Optional<ClerkUser>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    together.await();
                    return directory.byId(unknown);
                }));
            }
            answer.awaitArrival();
            awaitCondition("the other " + (callers - 1) + " callers wait for the load",
                    () -> service.statistics(UserCaches.USERS).singleFlightWaits() - waitsBefore >= callers - 1);
            answer.release();
            for (Future<Optional<ClerkUser>> a : answers) {
                assertEquals(Optional.empty(), a.get(30, TimeUnit.SECONDS));
            }
        } finally {
            answer.release();
            pool.shutdownNow();
        }

        assertEquals(2, clerk.requests().size(), "the first lookup, then one load shared by all 20 callers");
    }

    @Test
    void byIds_expiredAbsence_onlyThatIdAskedInTheBatchCall() {
        String known = clerk.simulator().userIds().get(2);
        String unknown = "user_00000000000000000000000yy";
        directory.byIds(List.of(known, unknown));
        awaitAbsenceExpired(unknown);

        UserBatch batch = directory.byIds(List.of(known, unknown));

        assertEquals(List.of(known), batch.users().stream().map(ClerkUser::id).toList());
        assertEquals(List.of(unknown), batch.missing());
        List<RecordedRequest> requests = clerk.requests();
        assertEquals(2, requests.size(), "the second batch asks Clerk for the expired absence only");
        assertEquals(List.of(unknown), requests.get(1).queryValues("user_id"));
    }

    private void awaitAbsenceExpired(String id) {
        var absences = service.caches().cache(UserCaches.USERS_MISSING);
        awaitCondition("the absence of " + id + " expires", () -> !absences.containsKey(id));
    }
}
