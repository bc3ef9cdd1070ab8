package io.clerkcache.users;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.control.RequestContextController;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserCaches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directory's rules in a real CDI container (Weld SE, the project's JCache library, Caffeine's JCache, real
 * MicroProfile Config) against the simulator served over real HTTP. Absences are remembered for 60 s here, far
 * longer than any test; their expiry is {@link UserDirectoryAbsenceExpiryWeldTest}'s subject.
 */
class UserDirectoryWeldTest {

    private static SimulatorHttpServer clerk;
    private static DirectoryInstances instances;
    private static DirectoryInstances.Instance service;

    private UserDirectory directory;
    private ClerkSimulator simulator;

    @BeforeAll
    static void boot() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(50, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.IN_MEMORY, clerk.baseUrl(), Duration.ofSeconds(60));
        service = instances.start();
    }

    @AfterAll
    static void shutdown() {
        if (instances != null) {
            instances.close();
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    @BeforeEach
    void freshState() {
        directory = service.directory();
        directory.invalidateAll();
        simulator = clerk.simulator();
        simulator.reset(true);
    }

    @Test
    void byId_outsideARequest_secondLookupFromTheCache() {
        String id = simulator.userIds().get(0);

        assertTrue(directory.byId(id).isPresent());
        assertTrue(directory.byId(id).isPresent());

        assertEquals(1, simulator.totalCalls());
    }

    @Test
    void byId_userWithPrivateMetadata_neitherCachedNorReturnedByDefault() {
        String id = simulator.userIds().stream()
                .filter(u -> simulator.user(u).containsKey("private_metadata")).findFirst().orElseThrow();

        assertFalse(directory.byId(id).orElseThrow().document().containsKey("private_metadata"));
        assertFalse(directory.byIds(List.of(id)).users().get(0).document().containsKey("private_metadata"));
        Object cached = service.caches().cache(UserCaches.USERS).get(id);
        assertFalse(((CachedUser) cached).user().document().containsKey("private_metadata"));
    }

    @Test
    void byId_insideARequest_secondLookupFromTheMemoEvenAfterTheCacheLostIt() {
        String id = simulator.userIds().get(1);
        RequestContextController request = service.container().select(RequestContextController.class).get();
        request.activate();
        try {
            // the memo lives in HTTP requests only (not in the request contexts of timers and message beans)
            service.container().select(RequestOrigin.class).get().markHttp("127.0.0.1");
            directory.byId(id);
            service.caches().cache(UserCaches.USERS).clear();
            directory.byId(id);
        } finally {
            request.deactivate();
        }

        assertEquals(1, simulator.totalCalls());
    }

    @Test
    void byId_unknownId_rememberedAbsentSoTheRepeatAsksNoOne() {
        String unknown = "user_00000000000000000000000zz";
        long negativeHitsBefore = service.statistics(UserCaches.USERS).negativeHits();

        assertEquals(Optional.empty(), directory.byId(unknown));
        assertEquals(Optional.empty(), directory.byId(unknown));
        assertEquals(List.of(unknown), directory.byIds(List.of(unknown)).missing());

        assertEquals(1, simulator.totalCalls());
        assertEquals(2, service.statistics(UserCaches.USERS).negativeHits() - negativeHitsBefore);
    }

    @Test
    void byUsername_usernameMovedToAnotherUser_indexCorrectedAndNewOwnerServed() {
        String a = simulator.userIds().get(3);
        String b = simulator.userIds().get(4);
        String name = "moving_name";
        ClerkEdits.set(simulator, a, "username", name);
        assertEquals(a, directory.byUsername(name).orElseThrow().id());

        ClerkEdits.set(simulator, a, "username", "a_new_name");
        ClerkEdits.set(simulator, b, "username", name);
        directory.invalidate(a); // what a user.updated webhook for A would do

        assertEquals(b, directory.byUsername(name).orElseThrow().id());
        assertEquals(a, directory.byUsername("a_new_name").orElseThrow().id());
    }

    @Test
    void byUsername_caseInsensitive_oneEntry() {
        String id = simulator.userIds().get(5);
        ClerkEdits.set(simulator, id, "username", "MixedCase_Name");
        simulator.reset(false);

        assertEquals(id, directory.byUsername("mixedcase_name").orElseThrow().id());
        assertEquals(id, directory.byUsername("MIXEDCASE_NAME").orElseThrow().id());

        assertEquals(1, simulator.totalCalls());
    }

    @Test
    void byIds_malformedIdOrTooMany_rejectedBeforeAnyCall() {
        String good = simulator.userIds().get(0);

        assertThrows(InvalidLookupException.class, () -> directory.byIds(List.of(good, "user_bad")));
        assertThrows(InvalidLookupException.class, () -> directory.byIds(IntStream.range(0, 1001)
                .mapToObj(i -> String.format("user_%027d", i)).toList()));
        assertThrows(InvalidLookupException.class, () -> directory.byId(null));
        assertThrows(InvalidLookupException.class, () -> directory.byUsername("has space"));

        assertEquals(0, simulator.totalCalls());
    }

    @Test
    void byIds_duplicates_eachUserOnceInRequestOrder() {
        List<String> ids = simulator.userIds().subList(10, 13);

        UserBatch batch = directory.byIds(List.of(ids.get(2), ids.get(0), ids.get(2), ids.get(1)));

        assertEquals(List.of(ids.get(2), ids.get(0), ids.get(1)), batch.users().stream().map(ClerkUser::id).toList());
        assertTrue(batch.missing().isEmpty());
    }
}
