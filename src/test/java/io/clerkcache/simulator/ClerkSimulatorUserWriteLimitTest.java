package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clerk's per-user write limit (10 writes to one user per 10 s) in the simulator core. */
class ClerkSimulatorUserWriteLimitTest {

    private static final String AUTH = "Bearer sk_test_x";

    private final TestClock clock = new TestClock();
    /** The four-argument settings: no instance limit, Clerk's default per-user limit. */
    private final ClerkSimulator simulator = new ClerkSimulator(new SimulatorSettings(20, 42, Duration.ZERO, 0),
            clock, millis -> { });

    private SimulatorResponse call(String method, String path, String body) {
        return simulator.handle(new SimulatorRequest(method, path, Map.of(), AUTH, "2026-05-12", body));
    }

    private SimulatorResponse rename(String id, int n) {
        return call("PATCH", "/users/" + id, "{\"first_name\":\"Name" + n + "\"}");
    }

    private static JsonObject json(SimulatorResponse response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private String id(int index) {
        return simulator.userIds().get(index);
    }

    @Test
    void writes_eleventhToOneUserWithinWindow_429WithRetryAfterAndUserUnchanged() {
        String id = id(0);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, rename(id, i).status());
            assertEquals(200, call("PATCH", "/users/" + id + "/metadata", "{\"public_metadata\":{\"n\":" + i + "}}")
                    .status());
        }
        clock.advance(Duration.ofMillis(3200));
        JsonObject before = simulator.user(id);

        SimulatorResponse limited = rename(id, 99);

        assertEquals(429, limited.status(), limited.body());
        assertEquals("7", limited.headers().get("Retry-After"));
        JsonObject error = json(limited).getJsonArray("errors").getJsonObject(0);
        assertEquals("too_many_requests", error.getString("code"));
        assertNotNull(json(limited).getString("clerk_trace_id"));
        assertEquals(before, simulator.user(id));
        assertEquals(1, simulator.stats().getInt("user_write_limited"));
        assertEquals(1, simulator.stats().getInt("rate_limited"));
    }

    @Test
    void writes_overLimitForOneUser_otherUsersAndReadsUnaffected() {
        String hot = id(0);
        for (int i = 0; i < 10; i++) {
            rename(hot, i);
        }
        assertEquals(429, rename(hot, 10).status());

        assertEquals(200, rename(id(1), 0).status());
        assertEquals(200, call("GET", "/users/" + hot, null).status());
    }

    @Test
    void writes_windowOver_allowedAgain() {
        String id = id(0);
        for (int i = 0; i < 10; i++) {
            rename(id, i);
        }
        clock.advance(Duration.ofMillis(9999));
        assertEquals(429, rename(id, 10).status());
        assertEquals("1", rename(id, 10).headers().get("Retry-After"));

        clock.advance(Duration.ofMillis(1));

        assertEquals(200, rename(id, 11).status());
    }

    @Test
    void delete_afterTenMetadataWrites_429AndUserStillThere() {
        String id = id(0);
        for (int i = 0; i < 10; i++) {
            call("PATCH", "/users/" + id + "/metadata", "{\"private_metadata\":{\"n\":" + i + "}}");
        }

        assertEquals(429, call("DELETE", "/users/" + id, null).status());
        assertNotNull(simulator.user(id));
    }

    @Test
    void writes_rejectedWritesCountToo_likeAnyRequest() {
        String id = id(0);
        for (int i = 0; i < 10; i++) {
            assertEquals(422, call("PATCH", "/users/" + id, "{\"unknown_field\":1}").status());
        }

        assertEquals(429, rename(id, 0).status());
    }

    @Test
    void settings_limitOfTwo_thirdWrite429() {
        ClerkSimulator strict = new ClerkSimulator(new SimulatorSettings(5, 42, Duration.ZERO, 0, 2,
                WebhookDelivery.DELIVER), clock, m -> { });
        String id = strict.userIds().get(0);
        SimulatorRequest write = new SimulatorRequest("PATCH", "/users/" + id, Map.of(), AUTH, null,
                "{\"last_name\":\"X\"}");

        assertEquals(200, strict.handle(write).status());
        assertEquals(200, strict.handle(write).status());
        assertEquals(429, strict.handle(write).status());
        assertEquals(2, strict.settings().getInt("userWriteLimit"));
    }

    @Test
    void setUserWriteLimit_zero_noLimit() {
        String id = id(0);
        simulator.setUserWriteLimit(0);

        for (int i = 0; i < 30; i++) {
            assertEquals(200, rename(id, i).status());
        }
        assertEquals(0, simulator.settings().getInt("userWriteLimit"));
    }

    @Test
    void setUserWriteLimit_afterLimitReached_newWindows() {
        String id = id(0);
        for (int i = 0; i < 10; i++) {
            rename(id, i);
        }
        assertEquals(429, rename(id, 10).status());

        simulator.setUserWriteLimit(10);

        assertEquals(200, rename(id, 11).status());
    }

    @Test
    void reset_afterLimitReached_newWindows() {
        String id = id(0);
        for (int i = 0; i < 10; i++) {
            rename(id, i);
        }

        simulator.reset(false);

        assertEquals(200, rename(id, 10).status());
    }

    @Test
    void instanceLimit_reachedFirst_instanceRetryAfter() {
        simulator.setRateLimit(3);
        String id = id(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, rename(id, i).status());
        }
        clock.advance(Duration.ofSeconds(4));

        SimulatorResponse limited = rename(id, 3);

        assertEquals(429, limited.status());
        assertEquals("6", limited.headers().get("Retry-After"));
        assertEquals(0, simulator.stats().getInt("user_write_limited"));
    }

    @Test
    void updateSettings_userWriteLimit_appliedAndShown() {
        SimulatorControl control = new SimulatorControl(simulator);

        SimulatorResponse answer = control.updateSettings("{\"userWriteLimit\":1}");

        assertEquals(200, answer.status(), answer.body());
        assertEquals(1, json(answer).getInt("userWriteLimit"));
        assertEquals(200, rename(id(0), 0).status());
        assertEquals(429, rename(id(0), 1).status());
    }

    @Test
    void updateSettings_negativeOrFractionalUserWriteLimit_400AndNothingChanged() {
        SimulatorControl control = new SimulatorControl(simulator);

        for (String body : new String[] {"{\"userWriteLimit\":-1}", "{\"userWriteLimit\":1.5}",
                "{\"userWriteLimit\":\"5\"}", "{\"latencyMs\":5,\"userWriteLimit\":-1}"}) {
            SimulatorResponse answer = control.updateSettings(body);
            assertEquals(400, answer.status(), body);
            assertTrue(json(answer).getString("error").contains("userWriteLimit"), answer.body());
        }
        assertEquals(10, simulator.userWriteLimit());
        assertEquals(Duration.ZERO, simulator.latency());
    }
}
