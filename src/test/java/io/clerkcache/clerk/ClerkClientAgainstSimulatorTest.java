package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client over real HTTP against the simulator core. */
class ClerkClientAgainstSimulatorTest {

    private static final String UNKNOWN_ID = "user_000000000000000000000000000";

    private SimulatorHttpServer server;
    private Recorder stats;
    private ClerkClient client;

    @BeforeEach
    void start() {
        server = new SimulatorHttpServer(new ClerkSimulator(new SimulatorSettings(300, 7, Duration.ZERO, 0),
                new TestClock(), millis -> { }));
        stats = Recorder.inMemory();
        TestClock clock = new TestClock();
        client = new ClerkClient(TestConfigs.live(server.baseUrl(), 2), stats, new LocalClerkRateBudget(clock), clock,
                d -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> ids(int count) {
        return server.simulator().userIds().subList(0, count);
    }

    @Test
    void getUser_knownId_returnsClerksDocument() {
        String id = ids(1).get(0);

        ClerkUser user = client.getUser(id).orElseThrow();

        assertEquals(id, user.id());
        assertEquals(server.simulator().user(id), user.document());
        assertEquals(1, stats.clerkCallsOf(ClerkOperation.GET_USER.tag()));
        assertEquals("/v1/users/" + id, server.requests().get(0).path());
    }

    @Test
    void getUser_unknownId_emptyAfterOneCall() {
        assertTrue(client.getUser(UNKNOWN_ID).isEmpty());
        assertEquals(1, stats.clerkCallsTotal());
    }

    @Test
    void getUser_malformedId_rejectedWithoutCall() {
        assertThrows(IllegalArgumentException.class, () -> client.getUser("user_../../admin"));
        assertEquals(0, stats.clerkCallsTotal());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void getUser_liveMode_sendsBearerApiVersionAndUserAgent() {
        client.getUser(ids(1).get(0));

        RecordedRequest request = server.requests().get(0);
        assertEquals("Bearer " + TestConfigs.SECRET, request.header("Authorization"));
        assertEquals("2026-05-12", request.header("Clerk-API-Version"));
        assertTrue(request.header("User-Agent").startsWith("clerk-cache/"));
    }

    @Test
    void getUsers_250Ids_threeRequestsOf100_100_50WithMatchingLimit() {
        List<String> wanted = ids(250);

        List<ClerkUser> users = client.getUsers(wanted);

        assertEquals(wanted, users.stream().map(ClerkUser::id).toList());
        List<RecordedRequest> requests = server.requests();
        assertEquals(3, requests.size());
        assertEquals(3, stats.clerkCallsOf(ClerkOperation.LIST_USERS_BY_ID.tag()));
        int[] sizes = {100, 100, 50};
        for (int i = 0; i < 3; i++) {
            RecordedRequest request = requests.get(i);
            assertEquals("/v1/users", request.path());
            assertEquals(sizes[i], request.queryValues("user_id").size());
            assertEquals(List.of(Integer.toString(sizes[i])), request.queryValues("limit"));
        }
        assertEquals(wanted.subList(200, 250), requests.get(2).queryValues("user_id"));
    }

    @Test
    void getUsers_duplicatesAndUnknownIds_distinctIdsSentUnknownAbsent() {
        List<String> known = ids(3);
        List<String> wanted = new ArrayList<>(known);
        wanted.add(known.get(0));
        wanted.add(UNKNOWN_ID);

        List<ClerkUser> users = client.getUsers(wanted);

        assertEquals(known, users.stream().map(ClerkUser::id).toList());
        assertEquals(1, server.requests().size());
        assertEquals(4, server.requests().get(0).queryValues("user_id").size());
        assertEquals(List.of("4"), server.requests().get(0).queryValues("limit"));
    }

    @Test
    void getUsers_emptyCollection_noCall() {
        assertTrue(client.getUsers(List.of()).isEmpty());
        assertEquals(0, stats.clerkCallsTotal());
    }

    @Test
    void listUsersByLastActive_twoPages_mostRecentlyActiveFirstWithClerksQuery() {
        List<ClerkUser> first = client.listUsersByLastActive(0, 200);
        List<ClerkUser> second = client.listUsersByLastActive(200, 200);

        assertEquals(200, first.size());
        assertEquals(100, second.size(), "the simulator holds 300 users: the second page is the last");
        List<ClerkUser> all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(300, all.stream().map(ClerkUser::id).distinct().count(), "pages neither overlap nor repeat");
        for (int i = 1; i < all.size(); i++) {
            long before = all.get(i - 1).document().getJsonNumber("last_active_at").longValue();
            long after = all.get(i).document().getJsonNumber("last_active_at").longValue();
            assertTrue(before >= after, "user " + i + " was active later than the one before it");
        }
        assertTrue(all.get(0).document().getJsonNumber("last_active_at").longValue()
                > all.get(299).document().getJsonNumber("last_active_at").longValue(), "not all on one day");
        RecordedRequest request = server.requests().get(1);
        assertEquals("/v1/users", request.path());
        assertEquals(List.of("-last_active_at"), request.queryValues("order_by"));
        assertEquals(List.of("200"), request.queryValues("limit"));
        assertEquals(List.of("200"), request.queryValues("offset"));
        assertEquals(2, stats.clerkCallsOf(ClerkOperation.LIST_USERS_BY_LAST_ACTIVE.tag()));
    }

    @Test
    void listUsersByLastActive_pageOf500_oneCallBeyondClerksLimitRejectedWithoutCall() {
        assertEquals(300, client.listUsersByLastActive(0, 500).size());

        assertThrows(IllegalArgumentException.class, () -> client.listUsersByLastActive(0, 501));
        assertThrows(IllegalArgumentException.class, () -> client.listUsersByLastActive(0, 0));
        assertThrows(IllegalArgumentException.class, () -> client.listUsersByLastActive(-1, 10));
        assertEquals(1, server.requests().size());
        assertEquals(List.of("500"), server.requests().get(0).queryValues("limit"));
    }

    @Test
    void getUserByUsername_existing_foundWithExactUsernameQuery() {
        ClerkUser expected = ClerkUser.of(server.simulator().user(ids(1).get(0)));

        ClerkUser found = client.getUserByUsername(expected.username()).orElseThrow();

        assertEquals(expected.id(), found.id());
        assertEquals(List.of(expected.username()), server.requests().get(0).queryValues("username"));
        assertEquals(1, stats.clerkCallsOf(ClerkOperation.LIST_USERS_BY_USERNAME.tag()));
    }

    @Test
    void getUserByUsername_unknown_empty() {
        assertTrue(client.getUserByUsername("nobody_has_this_name").isEmpty());
    }

    @Test
    void updateMetadata_existingUser_returnsMergedUserWithNewerUpdatedAt() {
        String id = ids(1).get(0);
        ClerkUser before = ClerkUser.of(server.simulator().user(id));
        JsonObject patch = Json.createObjectBuilder()
                .add("public_metadata", Json.createObjectBuilder().add("role", Json.createArrayBuilder()
                        .add("expert").add("admin")).addNull("department"))
                .build();

        ClerkUser after = client.updateMetadata(id, patch);

        assertEquals(List.of("expert", "admin"), after.roles());
        assertFalse(after.publicMetadata().containsKey("department"));
        assertTrue(after.updatedAt() > before.updatedAt());
        assertEquals("PATCH", server.requests().get(0).method());
        assertEquals("/v1/users/" + id + "/metadata", server.requests().get(0).path());
    }

    @Test
    void updateMetadata_unknownUser_notFoundException() {
        JsonObject patch = Json.createObjectBuilder().add("public_metadata", Json.createObjectBuilder()).build();

        ClerkNotFoundException e = assertThrows(ClerkNotFoundException.class,
                () -> client.updateMetadata(UNKNOWN_ID, patch));

        assertEquals(404, e.status());
        assertEquals("resource_not_found", e.code());
    }

    @Test
    void updateMetadata_fieldOtherThanMetadata_rejectedWithoutCall() {
        JsonObject patch = Json.createObjectBuilder().add("username", "x").build();

        assertThrows(IllegalArgumentException.class, () -> client.updateMetadata(ids(1).get(0), patch));
        assertEquals(0, stats.clerkCallsTotal());
    }

    @Test
    void updateUser_renameAndFirstName_returnsUserWithNewerUpdatedAtAndNameMoved() {
        String id = ids(1).get(0);
        ClerkUser before = ClerkUser.of(server.simulator().user(id));
        JsonObject patch = Json.createObjectBuilder().add("username", "renamed_by_client").add("first_name", "Ada")
                .addNull("external_id").build();

        ClerkUser after = client.updateUser(id, patch);

        assertEquals("renamed_by_client", after.username());
        assertEquals("Ada", after.document().getString("first_name"));
        assertTrue(after.updatedAt() > before.updatedAt());
        assertEquals(after.document(), server.simulator().user(id));
        assertEquals(id, client.getUserByUsername("renamed_by_client").orElseThrow().id());
        assertTrue(client.getUserByUsername(before.username()).isEmpty());
        RecordedRequest request = server.requests().get(0);
        assertEquals("PATCH", request.method());
        assertEquals("/v1/users/" + id, request.path());
        assertEquals(patch, Json.createReader(new java.io.StringReader(request.body())).readObject());
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(1, stats.clerkCallsOf(ClerkOperation.UPDATE_USER.tag()));
    }

    @Test
    void updateUser_unknownUser_notFoundException() {
        JsonObject patch = Json.createObjectBuilder().add("first_name", "Ada").build();

        ClerkNotFoundException e = assertThrows(ClerkNotFoundException.class, () -> client.updateUser(UNKNOWN_ID,
                patch));

        assertEquals(404, e.status());
        assertEquals("resource_not_found", e.code());
        assertEquals(ClerkOperation.UPDATE_USER, e.operation());
    }

    @Test
    void updateUser_usernameOfAnotherUser_rejectedWith422AndUnchanged() {
        List<String> two = ids(2);
        JsonObject before = server.simulator().user(two.get(0));
        String taken = ClerkUser.of(server.simulator().user(two.get(1))).username();

        ClerkRequestRejectedException e = assertThrows(ClerkRequestRejectedException.class,
                () -> client.updateUser(two.get(0), Json.createObjectBuilder().add("username", taken).build()));

        assertEquals(422, e.status());
        assertEquals("form_identifier_exists", e.code());
        assertEquals(before, server.simulator().user(two.get(0)));
        assertEquals(1, server.requests().size(), "a write is not retried");
    }

    @Test
    void updateUser_metadataField_rejectedWithoutCall() {
        JsonObject patch = Json.createObjectBuilder().add("first_name", "Ada")
                .add("public_metadata", Json.createObjectBuilder().add("role", "admin")).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.updateUser(ids(1).get(0), patch));

        assertTrue(e.getMessage().contains("public_metadata"), e.getMessage());
        assertEquals(0, stats.clerkCallsTotal());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void updateUser_malformedId_rejectedWithoutCall() {
        assertThrows(IllegalArgumentException.class, () -> client.updateUser("user_../../admin",
                Json.createObjectBuilder().add("first_name", "x").build()));
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void updateUser_eleventhWriteToOneUserIn10s_rateLimitedWithRetryAfterFromClerk() {
        String id = ids(1).get(0);
        for (int i = 0; i < 10; i++) {
            client.updateUser(id, Json.createObjectBuilder().add("first_name", "Name" + i).build());
        }

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class,
                () -> client.updateUser(id, Json.createObjectBuilder().add("first_name", "Again").build()));

        assertEquals(429, e.status());
        assertEquals("too_many_requests", e.code());
        assertEquals(Duration.ofSeconds(10), e.retryAfter());
        assertFalse(e.rejectedLocally());
        assertEquals("Name9", server.simulator().user(id).getString("first_name"));
        assertEquals(11, server.requests().size());
    }

    @Test
    void writeRateLimitedForOneUser_readsAndOtherUsersWritesStillReachClerk() {
        String id = ids(2).get(0);
        String other = ids(2).get(1);
        for (int i = 0; i < 10; i++) {
            client.updateUser(id, Json.createObjectBuilder().add("first_name", "Name" + i).build());
        }
        assertThrows(ClerkRateLimitedException.class,
                () -> client.updateUser(id, Json.createObjectBuilder().add("first_name", "Again").build()));

        assertEquals("Name9", client.getUser(id).orElseThrow().firstName());
        assertEquals("Else", client.updateUser(other, Json.createObjectBuilder().add("first_name", "Else").build())
                .firstName());
        assertEquals(13, server.requests().size(), "neither was refused locally");
    }

    @Test
    void deleteUser_existing_goneAfterwards() {
        String id = ids(1).get(0);

        client.deleteUser(id);

        assertNull(server.simulator().user(id));
        assertTrue(client.getUser(id).isEmpty());
        assertThrows(ClerkNotFoundException.class, () -> client.deleteUser(id));
        assertEquals(Map.of(ClerkOperation.GET_USER.tag(), 1L, ClerkOperation.DELETE_USER.tag(), 2L),
                stats.clerkCallsByOperation());
        assertEquals(2, stats.clerkCalls("not-found"), "the read after the delete, and the second delete");
    }

    @Test
    void jwks_simulator_returnsItsKeySetWithTheSecretKeySent() {
        JsonObject jwks = client.jwks();

        assertEquals(server.simulator().sessionTokens().jwks(), jwks);
        assertEquals(1, stats.clerkCallsOf(ClerkOperation.GET_JWKS.tag()));
        RecordedRequest request = server.requests().get(0);
        assertEquals("/v1/jwks", request.path());
        assertEquals("Bearer " + TestConfigs.SECRET, request.header("Authorization"));
    }

    @Test
    void getUser_demoMode_sendsDemoKeyToSimulatorUrl() {
        ClerkConfig demo = new ClerkConfig(TestConfigs.config(Map.of("clerk.demo-mode", "true",
                "clerk.simulator.url", server.baseUrl().toString())));
        ClerkClient demoClient = new ClerkClient(demo, Recorder.inMemory(), new LocalClerkRateBudget());

        assertTrue(demoClient.getUser(ids(1).get(0)).isPresent());
        assertEquals("Bearer " + ClerkConfig.DEMO_SECRET_KEY, server.requests().get(0).header("Authorization"));
    }
}
