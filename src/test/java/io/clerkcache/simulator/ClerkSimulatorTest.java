package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator core, without HTTP. */
class ClerkSimulatorTest {

    private static final String AUTH = "Bearer sk_test_x";

    /** The required fields of the Backend API's {@code User} schema (2026-05-12). */
    private static final List<String> REQUIRED_USER_FIELDS = List.of("id", "object", "username", "first_name",
            "last_name", "has_image", "primary_email_address_id", "primary_phone_number_id", "primary_web3_wallet_id",
            "password_enabled", "two_factor_enabled", "totp_enabled", "backup_code_enabled", "email_addresses",
            "phone_numbers", "web3_wallets", "passkeys", "external_accounts", "saml_accounts", "enterprise_accounts",
            "public_metadata", "external_id", "last_sign_in_at", "banned", "locked", "lockout_expires_in_seconds",
            "verification_attempts_remaining", "created_at", "updated_at", "delete_self_enabled",
            "create_organization_enabled", "last_active_at", "mfa_enabled_at", "mfa_disabled_at",
            "legal_accepted_at");

    private final TestClock clock = new TestClock();
    private final ClerkSimulator simulator = new ClerkSimulator(new SimulatorSettings(150, 42, Duration.ZERO, 0),
            clock, millis -> { });

    private SimulatorResponse call(String method, String path, Map<String, List<String>> query, String body) {
        return simulator.handle(new SimulatorRequest(method, path, query, AUTH, "2026-05-12", body));
    }

    private SimulatorResponse get(String path, Map<String, List<String>> query) {
        return call("GET", path, query, null);
    }

    private static JsonValue json(SimulatorResponse response) {
        return Json.createReader(new StringReader(response.body())).readValue();
    }

    private static void assertClerkError(SimulatorResponse response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        JsonObject body = json(response).asJsonObject();
        JsonObject error = body.getJsonArray("errors").getJsonObject(0);
        assertEquals(code, error.getString("code"));
        assertTrue(error.containsKey("message") && error.containsKey("long_message") && error.containsKey("meta"));
        assertTrue(body.getString("clerk_trace_id").length() > 10);
    }

    private String firstId() {
        return simulator.userIds().get(0);
    }

    @Test
    void seeding_sameSeed_sameUsers() {
        ClerkSimulator again = new ClerkSimulator(new SimulatorSettings(150, 42, Duration.ZERO, 0), clock, m -> { });

        assertEquals(simulator.userIds(), again.userIds());
        assertEquals(simulator.user(firstId()), again.user(firstId()));
    }

    @Test
    void seeding_otherSeed_otherUsers() {
        ClerkSimulator other = new ClerkSimulator(new SimulatorSettings(150, 43, Duration.ZERO, 0), clock, m -> { });

        assertNotEquals(simulator.userIds(), other.userIds());
    }

    @Test
    void seeding_everyUser_hasRequiredFieldsValidIdsAndUniqueUsernames() {
        Set<String> usernames = new HashSet<>();
        for (String id : simulator.userIds()) {
            JsonObject user = simulator.user(id);
            for (String field : REQUIRED_USER_FIELDS) {
                assertTrue(user.containsKey(field), id + " lacks " + field);
            }
            assertTrue(id.matches("user_[0-9A-Za-z]{27}"), id);
            ClerkUser clerkUser = ClerkUser.of(user);
            assertTrue(ClerkIds.isValidUsername(clerkUser.username()), clerkUser.username());
            assertTrue(usernames.add(clerkUser.username().toLowerCase(Locale.ROOT)), "duplicate " + clerkUser.username());
            assertTrue(clerkUser.primaryEmailAddress().isPresent());
            assertFalse(clerkUser.roles().isEmpty());
            assertTrue(clerkUser.updatedAt() >= clerkUser.createdAt());
        }
        assertEquals(150, usernames.size());
    }

    @Test
    void getUser_known_200WithDocument() {
        SimulatorResponse response = get("/users/" + firstId(), Map.of());

        assertEquals(200, response.status());
        assertEquals(simulator.user(firstId()), json(response));
    }

    @Test
    void getUser_unknown_404ResourceNotFound() {
        assertClerkError(get("/users/user_000000000000000000000000000", Map.of()), 404, "resource_not_found");
    }

    @Test
    void anyCall_withoutBearerSecretKey_401() {
        SimulatorResponse response = simulator.handle(new SimulatorRequest("GET", "/users", Map.of(), null, null, null));
        assertClerkError(response, 401, "authentication_invalid");
        SimulatorResponse publishable = simulator.handle(new SimulatorRequest("GET", "/users", Map.of(),
                "Bearer pk_test_x", null, null));
        assertClerkError(publishable, 401, "authentication_invalid");
    }

    @Test
    void listUsers_noLimit_defaultTenNewestFirst() {
        JsonArray users = json(get("/users", Map.of())).asJsonArray();

        assertEquals(10, users.size());
        List<String> ids = users.stream().map(u -> u.asJsonObject().getString("id")).toList();
        List<String> newest = new ArrayList<>(simulator.userIds());
        java.util.Collections.reverse(newest);
        assertEquals(newest.subList(0, 10), ids);
    }

    @Test
    void listUsers_100IdsWithoutLimit_only10Returned() {
        List<String> ids = simulator.userIds().subList(0, 100);

        assertEquals(10, json(get("/users", Map.of("user_id", ids))).asJsonArray().size());
        assertEquals(100, json(get("/users", Map.of("user_id", ids, "limit", List.of("100")))).asJsonArray().size());
    }

    @Test
    void listUsers_101Ids_422() {
        List<String> ids = simulator.userIds().subList(0, 101);

        assertClerkError(get("/users", Map.of("user_id", ids, "limit", List.of("100"))), 422,
                "form_param_value_invalid");
    }

    @Test
    void listUsers_101Usernames_422() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            names.add("name" + i);
        }
        assertClerkError(get("/users", Map.of("username", names)), 422, "form_param_value_invalid");
    }

    @Test
    void listUsers_limitOutOfRange_422() {
        assertClerkError(get("/users", Map.of("limit", List.of("0"))), 422, "form_param_value_invalid");
        assertClerkError(get("/users", Map.of("limit", List.of("501"))), 422, "form_param_value_invalid");
        assertClerkError(get("/users", Map.of("limit", List.of("ten"))), 422, "form_param_value_invalid");
        assertEquals(150, json(get("/users", Map.of("limit", List.of("500")))).asJsonArray().size());
    }

    @Test
    void listUsers_unknownIds_absent() {
        List<String> ids = List.of(firstId(), "user_000000000000000000000000000");

        JsonArray users = json(get("/users", Map.of("user_id", ids, "limit", List.of("2")))).asJsonArray();

        assertEquals(1, users.size());
        assertEquals(firstId(), users.getJsonObject(0).getString("id"));
    }

    @Test
    void listUsers_offsetAndOrder_pagesInOrder() {
        JsonArray page = json(get("/users", Map.of("order_by", List.of("created_at"), "offset", List.of("5"),
                "limit", List.of("3")))).asJsonArray();

        assertEquals(simulator.userIds().subList(5, 8),
                page.stream().map(u -> u.asJsonObject().getString("id")).toList());
        assertClerkError(get("/users", Map.of("order_by", List.of("password"))), 422, "form_param_value_invalid");
    }

    @Test
    void listUsers_byUsernameAnyCase_exactMatchOnly() {
        String username = ClerkUser.of(simulator.user(firstId())).username();

        JsonArray found = json(get("/users", Map.of("username", List.of(username.toUpperCase(Locale.ROOT))))).asJsonArray();
        JsonArray partial = json(get("/users", Map.of("username", List.of(username.substring(0, 3))))).asJsonArray();

        assertEquals(1, found.size());
        assertEquals(firstId(), found.getJsonObject(0).getString("id"));
        assertEquals(0, partial.size());
    }

    @Test
    void listUsers_byEmailAddress_found() {
        String email = ClerkUser.of(simulator.user(firstId())).primaryEmailAddress().orElseThrow();

        JsonArray found = json(get("/users", Map.of("email_address", List.of(email)))).asJsonArray();

        assertEquals(firstId(), found.getJsonObject(0).getString("id"));
    }

    @Test
    void countUsers_filters_totalCount() {
        JsonObject all = json(get("/users/count", Map.of())).asJsonObject();
        JsonObject some = json(get("/users/count", Map.of("user_id", simulator.userIds().subList(0, 42))))
                .asJsonObject();

        assertEquals("total_count", all.getString("object"));
        assertEquals(150, all.getInt("total_count"));
        assertEquals(42, some.getInt("total_count"));
    }

    @Test
    void patchMetadata_nestedAndNull_deepMergedAndKeyRemoved() {
        String id = firstId();
        call("PATCH", "/users/" + id + "/metadata", Map.of(),
                "{\"public_metadata\":{\"plan\":{\"tier\":\"pro\",\"seats\":5}},\"private_metadata\":{\"a\":1}}");

        SimulatorResponse response = call("PATCH", "/users/" + id + "/metadata", Map.of(),
                "{\"public_metadata\":{\"plan\":{\"seats\":9},\"department\":null},\"unsafe_metadata\":{\"x\":true}}");

        assertEquals(200, response.status(), response.body());
        JsonObject user = json(response).asJsonObject();
        JsonObject publicMetadata = user.getJsonObject("public_metadata");
        assertEquals(Json.createObjectBuilder().add("tier", "pro").add("seats", 9).build(),
                publicMetadata.getJsonObject("plan"));
        assertFalse(publicMetadata.containsKey("department"));
        assertTrue(publicMetadata.containsKey("role"));
        assertEquals(1, user.getJsonObject("private_metadata").getInt("a"));
        assertTrue(user.getJsonObject("private_metadata").containsKey("crm_id"));
        assertTrue(user.getJsonObject("unsafe_metadata").getBoolean("x"));
        assertEquals(user, simulator.user(id));
    }

    @Test
    void patch_bodyNested100000LevelsDeep_400AndUnchanged() {
        JsonObject before = simulator.user(firstId());
        String deep = "{\"public_metadata\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_001);

        assertClerkError(call("PATCH", "/users/" + firstId() + "/metadata", Map.of(), deep), 400, "malformed_request");
        assertClerkError(call("PATCH", "/users/" + firstId(), Map.of(), "[".repeat(100_000)), 400, "malformed_request");
        assertEquals(before, simulator.user(firstId()));
    }

    @Test
    void patchMetadata_otherField_422AndUnchanged() {
        JsonObject before = simulator.user(firstId());

        assertClerkError(call("PATCH", "/users/" + firstId() + "/metadata", Map.of(), "{\"username\":\"x\"}"), 422,
                "form_param_unknown");
        assertEquals(before, simulator.user(firstId()));
    }

    @Test
    void patchUser_rename_bumpsUpdatedAtAndMovesUsername() {
        String id = firstId();
        ClerkUser before = ClerkUser.of(simulator.user(id));
        clock.advance(Duration.ofDays(3650));

        SimulatorResponse response = call("PATCH", "/users/" + id, Map.of(), "{\"username\":\"renamed_user\"}");

        ClerkUser after = ClerkUser.of(json(response).asJsonObject());
        assertEquals("renamed_user", after.username());
        assertEquals(clock.millis(), after.updatedAt());
        assertTrue(after.updatedAt() > before.updatedAt());
        assertEquals(0, json(get("/users", Map.of("username", List.of(before.username())))).asJsonArray().size());
        assertEquals(id, json(get("/users", Map.of("username", List.of("renamed_user")))).asJsonArray()
                .getJsonObject(0).getString("id"));
    }

    @Test
    void patchUser_sameMillisecond_updatedAtStillIncreases() {
        String id = firstId();
        long first = json(call("PATCH", "/users/" + id, Map.of(), "{\"first_name\":\"A\"}")).asJsonObject()
                .getJsonNumber("updated_at").longValue();
        long second = json(call("PATCH", "/users/" + id, Map.of(), "{\"first_name\":\"B\"}")).asJsonObject()
                .getJsonNumber("updated_at").longValue();

        assertTrue(second > first);
    }

    @Test
    void patchUser_usernameOfAnotherUser_422IdentifierExists() {
        String taken = ClerkUser.of(simulator.user(simulator.userIds().get(1))).username();

        assertClerkError(call("PATCH", "/users/" + firstId(), Map.of(), "{\"username\":\"" + taken + "\"}"), 422,
                "form_identifier_exists");
    }

    @Test
    void patchUser_metadataField_422SinceApiVersion20260512() {
        assertClerkError(call("PATCH", "/users/" + firstId(), Map.of(), "{\"public_metadata\":{}}"), 422,
                "form_param_unknown");
    }

    @Test
    void patchUser_unknownUser_404() {
        assertClerkError(call("PATCH", "/users/user_000000000000000000000000000", Map.of(), "{\"first_name\":\"A\"}"),
                404, "resource_not_found");
    }

    @Test
    void deleteUser_known_deletedObjectThen404() {
        String id = firstId();

        JsonObject deleted = json(call("DELETE", "/users/" + id, Map.of(), null)).asJsonObject();

        assertEquals(Json.createObjectBuilder().add("object", "user").add("id", id).add("deleted", true).build(),
                deleted);
        assertClerkError(get("/users/" + id, Map.of()), 404, "resource_not_found");
        assertEquals(149, simulator.userCount());
    }

    @Test
    void rateLimit_overBudget_429WithRetryAfterUntilWindowEnds() {
        simulator.setRateLimit(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/users/" + firstId(), Map.of()).status());
        }
        clock.advance(Duration.ofMillis(2500));

        SimulatorResponse limited = get("/users/" + firstId(), Map.of());

        assertClerkError(limited, 429, "too_many_requests");
        assertEquals("8", limited.headers().get("Retry-After"));
        clock.advance(Duration.ofMillis(7500));
        assertEquals(200, get("/users/" + firstId(), Map.of()).status());
        assertEquals(1, simulator.stats().getInt("rate_limited"));
    }

    @Test
    void latency_configured_sleptOncePerApiCall() {
        List<Long> sleeps = new ArrayList<>();
        ClerkSimulator slow = new ClerkSimulator(new SimulatorSettings(5, 42, Duration.ofMillis(50), 0), clock,
                sleeps::add);

        slow.handle(new SimulatorRequest("GET", "/users", Map.of(), AUTH, null, null));
        slow.setLatency(Duration.ofMillis(7));
        slow.handle(new SimulatorRequest("GET", "/users", Map.of(), AUTH, null, null));

        assertEquals(List.of(50L, 7L), sleeps);
    }

    @Test
    void stats_afterCalls_countsPerOperationAndRecentCallValues() {
        List<String> ids = simulator.userIds().subList(0, 2);
        get("/users", Map.of("user_id", ids, "limit", List.of("2")));
        get("/users/" + firstId(), Map.of());
        get("/users", Map.of("username", List.of("someone")));

        JsonObject stats = simulator.stats();

        assertEquals(3, stats.getInt("total_calls"));
        assertEquals(2, stats.getJsonObject("by_operation").getInt("GET /users"));
        assertEquals(1, stats.getJsonObject("by_operation").getInt("GET /users/{id}"));
        JsonObject firstCall = stats.getJsonArray("recent_calls").getJsonObject(0);
        assertEquals("GET", firstCall.getString("method"));
        assertEquals(Json.createArrayBuilder(ids).build(), firstCall.getJsonArray("user_id"));
        assertEquals(Json.createArrayBuilder(List.of("2")).build(), firstCall.getJsonArray("limit"));
        assertEquals("2026-05-12", firstCall.getString("clerk_api_version"));
        assertEquals("someone", stats.getJsonArray("recent_calls").getJsonObject(2).getJsonArray("username")
                .getString(0));
    }

    @Test
    void reset_withReseed_clearsStatsAndRestoresSeedUsers() {
        List<String> seeded = simulator.userIds();
        call("DELETE", "/users/" + firstId(), Map.of(), null);
        simulator.addUsers(10);

        simulator.reset(true);

        assertEquals(0, simulator.totalCalls());
        assertEquals(seeded, simulator.userIds());
    }

    @Test
    void reset_withoutReseed_keepsUsers() {
        call("DELETE", "/users/" + firstId(), Map.of(), null);

        simulator.reset(false);

        assertEquals(0, simulator.stats().getInt("total_calls"));
        assertEquals(149, simulator.userCount());
    }

    @Test
    void addUsers_count_continuesTheSeedSequence() {
        simulator.addUsers(50);

        ClerkSimulator big = new ClerkSimulator(new SimulatorSettings(200, 42, Duration.ZERO, 0), clock, m -> { });
        assertEquals(big.userIds(), simulator.userIds());
        assertEquals(200, simulator.userCount());
    }

    @Test
    void handle_unknownRoute_404() {
        assertClerkError(get("/organizations", Map.of()), 404, "resource_not_found");
        assertEquals(1, simulator.calls("other"));
    }
}
