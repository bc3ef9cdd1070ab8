package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.clerkcache.clerk.ClerkNotFoundException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;

/**
 * Writes through the service ({@link UserWrites}): Clerk first, then Clerk's answer in the cache, read at once by
 * every instance; a failed write leaves the cache as it was. Weld SE, Caffeine or Redis, the simulator as Clerk.
 */
class UserWritesTest {

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance service;
    private UserDirectory directory;
    private UserWrites writes;

    private void start(Backend backend) {
        start(backend, instancesFor(backend));
    }

    private DirectoryInstances instancesFor(Backend backend) {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(30, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(backend, clerk.baseUrl(), Duration.ofSeconds(60));
        return instances;
    }

    private void start(Backend backend, DirectoryInstances set) {
        service = set.start();
        directory = service.directory();
        writes = service.bean(UserWrites.class);
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

    private String user(int n) {
        return clerk.simulator().userIds().get(n);
    }

    private long reads() {
        return clerk.requests().stream().filter(r -> r.method().equals("GET")).count();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateMetadata_deepMergedInClerkAndServedFromTheCacheAtOnce(Backend backend) {
        start(backend);
        String id = user(0);
        directory.byId(id);
        long reads = reads();

        ClerkUser answer = writes.updateMetadata(id, Json.createObjectBuilder().add("public_metadata",
                Json.createObjectBuilder().add("plan", "pro").add("limits", Json.createObjectBuilder().add("seats", 5)))
                .build());

        assertEquals("pro", answer.publicMetadata().getString("plan"));
        JsonObject cached = directory.byId(id).orElseThrow().publicMetadata();
        assertEquals("pro", cached.getString("plan"));
        assertEquals(5, cached.getJsonObject("limits").getInt("seats"));
        assertEquals(clerk.simulator().user(id).getJsonObject("public_metadata"), cached, "merged as Clerk merged it");
        assertEquals(reads, reads(), "the write's answer was cached: no read of Clerk");
    }

    @Test
    void writeOnOneInstance_readByAnotherAtOnce() {
        start(Backend.REDIS);
        DirectoryInstances.Instance other = instances.start();
        String id = user(1);
        other.directory().byId(id);
        long reads = reads();

        writes.setRoles(id, List.of("expert", "reviewer"));

        assertEquals(List.of("expert", "reviewer"), other.directory().byId(id).orElseThrow().roles());
        assertEquals(reads, reads());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void setRoles_rolesInPublicMetadataOtherMetadataKeptAndTheUserJoinsTheRoleTag(Backend backend) {
        start(backend);
        String id = user(2);
        JsonObject before = clerk.simulator().user(id).getJsonObject("public_metadata");

        ClerkUser one = writes.setRoles(id, List.of("reviewer"));
        assertEquals("reviewer", one.publicMetadata().getString("role"), "one role is kept as a string");
        before.keySet().stream().filter(k -> !k.equals("role"))
                .forEach(k -> assertEquals(before.get(k), one.publicMetadata().get(k)));
        assertEquals(List.of(), writes.setRoles(id, List.of()).roles());
        assertTrue(!clerk.simulator().user(id).getJsonObject("public_metadata").containsKey("role"));
        writes.setRoles(id, List.of("reviewer"));
        long reads = reads();

        assertEquals(1, service.bean(UserChanges.class).invalidateTag("role:reviewer"));
        directory.byId(id);
        assertEquals(reads + 1, reads(), "the tagged user was dropped");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateProfile_renameMovesTheUsernameIndex(Backend backend) {
        start(backend);
        String id = user(3);
        String oldName = directory.byId(id).orElseThrow().username();
        directory.byUsername(oldName);

        ClerkUser renamed = writes.updateProfile(id, Json.createObjectBuilder().add("username", "fresh_name_3")
                .add("first_name", "Ada").build());
        long reads = reads();

        assertEquals("Ada", renamed.firstName());
        assertEquals(id, directory.byUsername("Fresh_Name_3").orElseThrow().id());
        assertEquals("Ada", directory.byId(id).orElseThrow().firstName());
        assertEquals(reads, reads());
        assertEquals(Optional.empty(), directory.byUsername(oldName));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void delete_lookupsAnswerNotFoundWithoutClerk(Backend backend) {
        start(backend);
        String id = user(4);
        directory.byId(id);

        writes.delete(id);
        long reads = reads();

        assertEquals(Optional.empty(), directory.byId(id));
        assertEquals(List.of(id), directory.byIds(List.of(id)).missing());
        assertEquals(reads, reads());
        assertEquals(null, clerk.simulator().user(id));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failedWrites_leaveTheCacheAsItWas(Backend backend) {
        start(backend);
        String id = user(5);
        String taken = directory.byId(user(6)).orElseThrow().username();
        ClerkUser before = directory.byId(id).orElseThrow();
        int calls = clerk.requests().size();

        assertThrows(WriteRejectedException.class, () -> writes.updateProfile(id,
                Json.createObjectBuilder().add("username", taken).build()));
        assertThrows(ClerkNotFoundException.class, () -> writes.setRoles("user_" + "Z".repeat(27), List.of("x")));
        assertEquals(calls + 2, clerk.requests().size());
        assertThrows(InvalidLookupException.class, () -> writes.setRoles(id, List.of("has space")));
        assertThrows(InvalidLookupException.class, () -> writes.updateMetadata(id,
                Json.createObjectBuilder().add("role", "admin").build()));
        assertThrows(InvalidLookupException.class, () -> writes.updateProfile(id,
                Json.createObjectBuilder().add("email", "x@example.com").build()));
        assertThrows(InvalidLookupException.class, () -> writes.delete("not-an-id"));
        assertEquals(calls + 2, clerk.requests().size(), "invalid input never reaches Clerk");

        assertEquals(before, directory.byId(id).orElseThrow());
        assertEquals(calls + 2, clerk.requests().size(), "still cached");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clerkNotAnsweringAWrite_cachedCopyInvalidatedSinceTheWriteMayHaveHappened(Backend backend) {
        start(backend, instancesFor(backend).with("clerk.read-timeout", "300ms"));
        String id = user(7);
        directory.byId(id);
        SimulatorHttpServer.Hold held = clerk.holdNext(r -> r.method().equals("PATCH"));
        try {
            assertThrows(ClerkUnavailableException.class, () -> writes.setRoles(id, List.of("expert")));
        } finally {
            held.release();
        }
        long reads = reads();

        assertEquals(List.of("expert"), directory.byId(id).orElseThrow().roles(),
                "the next lookup asked Clerk, where the write did happen");
        assertEquals(reads + 1, reads());
    }

    @Test
    void redisUnreachable_theWriteHappensInClerkAndTheCallSucceeds() {
        start(Backend.REDIS, instancesFor(Backend.REDIS).with("redis.url", "redis://127.0.0.1:1"));
        String id = user(8);
        String deleted = user(9);

        assertEquals(List.of("expert"), writes.setRoles(id, List.of("expert")).roles());
        writes.delete(deleted);

        assertEquals("expert", clerk.simulator().user(id).getJsonObject("public_metadata").getString("role"));
        assertEquals(null, clerk.simulator().user(deleted));
        assertEquals(List.of("expert"), directory.byId(id).orElseThrow().roles(), "lookups go to Clerk meanwhile");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clerksPerUserWriteLimit_writeRateLimitedWithRetryAfterCacheUnchangedReadsUnaffected(Backend backend) {
        start(backend);
        String id = user(10);
        for (int i = 0; i < 10; i++) {
            writes.updateProfile(id, Json.createObjectBuilder().add("first_name", "Name" + i).build());
        }
        long reads = reads();

        WriteRateLimitedException e = assertThrows(WriteRateLimitedException.class,
                () -> writes.updateProfile(id, Json.createObjectBuilder().add("first_name", "Eleventh").build()));

        assertTrue(e.retryAfter().compareTo(Duration.ofSeconds(1)) >= 0
                && e.retryAfter().compareTo(Duration.ofSeconds(10)) <= 0, "what is left of Clerk's window: " + e.retryAfter());
        assertEquals("Name9", directory.byId(id).orElseThrow().firstName());
        assertEquals(reads, reads(), "still cached");
        assertTrue(directory.byId(user(11)).isPresent(), "other users are read from Clerk as before");
    }
}
