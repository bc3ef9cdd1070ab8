package io.clerkcache.simulator;

import static io.clerkcache.simulator.SimulatorWebhooksTest.SECRET;
import static io.clerkcache.simulator.SimulatorWebhooksTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo controls for webhooks and user changes, as {@code /simulator/control} answers them. */
class SimulatorWebhooksControlTest {

    private final TestClock clock = new TestClock();
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final ClerkSimulator simulator = new ClerkSimulator(new SimulatorSettings(10, 42, Duration.ZERO, 0),
            clock, millis -> { }, new WebhookTarget(receiver.url(), SECRET));
    private final SimulatorControl control = new SimulatorControl(simulator);

    @AfterEach
    void stop() {
        simulator.webhooks().close();
        receiver.close();
    }

    private String id(int index) {
        return simulator.userIds().get(index);
    }

    private JsonObject onlyEvent() {
        SimulatorResponse answer = control.webhooks();
        assertEquals(200, answer.status());
        assertEquals(1, json(answer.body()).getJsonArray("events").size(), answer.body());
        return json(answer.body()).getJsonArray("events").getJsonObject(0);
    }

    private static void assertClerkError(SimulatorResponse answer, int status, String code) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, json(answer.body()).getJsonArray("errors").getJsonObject(0).getString("code"));
    }

    @Test
    void webhooks_heldEvent_listedWithItsIdsAndNoAttempt() {
        control.updateSettings("{\"webhookDelivery\":\"hold\"}");
        SimulatorResponse edited = control.editUser(id(0), "{\"first_name\":\"Ada\"}");

        JsonObject answer = json(control.webhooks().body());
        JsonObject event = onlyEvent();

        assertEquals("hold", answer.getString("delivery"));
        assertEquals(receiver.url().toString(), answer.getString("target"));
        assertTrue(event.getString("svixId").matches("msg_[0-9A-Za-z]{27}"));
        assertEquals("user.updated", event.getString("type"));
        assertEquals(id(0), event.getString("userId"));
        assertEquals(json(edited.body()).getJsonNumber("updated_at").longValue(),
                event.getJsonNumber("updatedAt").longValue());
        assertEquals(clock.millis(), event.getJsonNumber("timestamp").longValue());
        assertEquals("held", event.getString("state"));
        assertEquals(0, event.getInt("attempts"));
        assertEquals(JsonValue.NULL, event.get("lastStatus"));
        assertFalse(event.containsKey("lastError"));
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void deliver_heldEvent_answersTheReceiversStatusAndListsItDelivered() {
        control.updateSettings("{\"webhookDelivery\":\"hold\"}");
        control.editUser(id(0), "{\"first_name\":\"Ada\"}");
        String svixId = onlyEvent().getString("svixId");
        receiver.answer(202);

        SimulatorResponse answer = control.deliver(svixId);

        assertEquals(200, answer.status(), answer.body());
        assertEquals(json("{\"status\":202}"), json(answer.body()));
        JsonObject event = onlyEvent();
        assertEquals("delivered", event.getString("state"));
        assertEquals(1, event.getInt("attempts"));
        assertEquals(202, event.getInt("lastStatus"));
        assertEquals(svixId, receiver.requests().get(0).header("svix-id"));
    }

    @Test
    void deliver_receiverRefuses_answersItsStatusAndListsItFailed() {
        control.updateSettings("{\"webhookDelivery\":\"hold\"}");
        control.deleteUser(id(0));
        receiver.answer(401);

        SimulatorResponse answer = control.deliver(onlyEvent().getString("svixId"));

        assertEquals(json("{\"status\":401}"), json(answer.body()));
        JsonObject event = onlyEvent();
        assertEquals("user.deleted", event.getString("type"));
        assertEquals(JsonValue.NULL, event.get("updatedAt"));
        assertEquals("failed", event.getString("state"));
        assertEquals(401, event.getInt("lastStatus"));
    }

    @Test
    void deliver_unknownSvixId_404() {
        SimulatorResponse answer = control.deliver("msg_nope");

        assertEquals(404, answer.status());
        assertTrue(json(answer.body()).containsKey("error"));
    }

    @Test
    void deliver_noTarget_409() {
        ClerkSimulator plain = new ClerkSimulator(new SimulatorSettings(2, 42, Duration.ZERO, 0), clock, m -> { });
        SimulatorControl plainControl = new SimulatorControl(plain);
        plainControl.editUser(plain.userIds().get(0), "{\"first_name\":\"Ada\"}");
        JsonObject list = json(plainControl.webhooks().body());
        String svixId = list.getJsonArray("events").getJsonObject(0).getString("svixId");

        SimulatorResponse answer = plainControl.deliver(svixId);

        assertEquals(JsonValue.NULL, list.get("target"));
        assertEquals(409, answer.status());
        assertTrue(json(answer.body()).getString("error").contains("webhook target"), answer.body());
    }

    @Test
    void deliver_receiverDown_502WithStatusZeroAndReason() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClerkSimulator lonely = new ClerkSimulator(new SimulatorSettings(2, 42, Duration.ZERO, 0, 10,
                WebhookDelivery.HOLD), clock, m -> { },
                new WebhookTarget(URI.create("http://127.0.0.1:" + closedPort + "/hook"), SECRET));
        try {
            SimulatorControl lonelyControl = new SimulatorControl(lonely);
            lonelyControl.editUser(lonely.userIds().get(0), "{\"first_name\":\"Ada\"}");
            String svixId = lonely.webhooks().events().get(0).svixId();

            SimulatorResponse answer = lonelyControl.deliver(svixId);

            assertEquals(502, answer.status());
            assertEquals(json("{\"status\":0,\"error\":\"connection refused\"}"), json(answer.body()));
            JsonObject event = json(lonelyControl.webhooks().body()).getJsonArray("events").getJsonObject(0);
            assertEquals("failed", event.getString("state"));
            assertEquals("connection refused", event.getString("lastError"));
        } finally {
            lonely.webhooks().close();
        }
    }

    @Test
    void editUser_profileAndMetadata_answersTheNewUser() {
        SimulatorResponse answer = control.editUser(id(0),
                "{\"first_name\":\"Ada\",\"public_metadata\":{\"role\":[\"expert\"]}}");

        assertEquals(200, answer.status(), answer.body());
        assertEquals(simulator.user(id(0)), json(answer.body()));
        assertEquals("expert", simulator.user(id(0)).getJsonObject("public_metadata").getJsonArray("role")
                .getString(0));
    }

    @Test
    void editUser_notAnObject_400() {
        SimulatorResponse answer = control.editUser(id(0), "[1]");

        assertEquals(400, answer.status());
        assertTrue(json(answer.body()).containsKey("error"));
    }

    @Test
    void editUser_refused_clerksErrorAndNoEvent() {
        String taken = simulator.user(id(1)).getString("username");

        assertClerkError(control.editUser(id(0), "{\"banned\":true}"), 422, "form_param_unknown");
        assertClerkError(control.editUser(id(0), "{\"username\":\"" + taken.toUpperCase() + "\"}"), 422,
                "form_identifier_exists");
        assertClerkError(control.editUser(id(0), "{\"first_name\":5}"), 422, "form_param_value_invalid");
        assertClerkError(control.editUser("user_000000000000000000000000000", "{\"first_name\":\"A\"}"), 404,
                "resource_not_found");
        assertTrue(simulator.webhooks().events().isEmpty());
    }

    @Test
    void deleteUser_twice_deletedObjectThen404() {
        String id = id(0);

        SimulatorResponse first = control.deleteUser(id);

        assertEquals(json("{\"object\":\"user\",\"id\":\"" + id + "\",\"deleted\":true}"), json(first.body()));
        assertClerkError(control.deleteUser(id), 404, "resource_not_found");
    }

    @Test
    void updateSettings_webhookDelivery_appliedAndShown() {
        SimulatorResponse answer = control.updateSettings("{\"webhookDelivery\":\"off\"}");

        assertEquals("off", json(answer.body()).getString("webhookDelivery"));
        assertEquals(WebhookDelivery.OFF, simulator.webhooks().delivery());
        control.editUser(id(0), "{\"first_name\":\"Ada\"}");
        assertTrue(simulator.webhooks().events().isEmpty());
        assertEquals("deliver", json(control.updateSettings("{\"webhookDelivery\":\"deliver\"}").body())
                .getString("webhookDelivery"));
    }

    @Test
    void updateSettings_unknownWebhookDelivery_400AndNothingChanged() {
        for (String body : new String[] {"{\"webhookDelivery\":\"later\"}", "{\"webhookDelivery\":1}",
                "{\"webhookDelivery\":\"hold\",\"latencyMs\":-1}", "{\"latencyMs\":3,\"webhookDelivery\":null}"}) {
            SimulatorResponse answer = control.updateSettings(body);
            assertEquals(400, answer.status(), body);
            assertTrue(json(answer.body()).getString("error").contains("webhookDelivery"), answer.body());
        }
        assertEquals(WebhookDelivery.DELIVER, simulator.webhooks().delivery());
        assertEquals(Duration.ZERO, simulator.latency());
    }
}
