package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.simulator.SimulatedEvent.State;
import io.clerkcache.webhook.InvalidSignatureException;
import io.clerkcache.webhook.WebhookSignature;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's signed Clerk webhooks, delivered over real HTTP to a JDK server standing in for the service. */
class SimulatorWebhooksTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String AUTH = "Bearer sk_test_x";

    private final TestClock clock = new TestClock();
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final ClerkSimulator simulator = new ClerkSimulator(new SimulatorSettings(20, 42, Duration.ZERO, 0),
            clock, millis -> { }, new WebhookTarget(receiver.url(), SECRET));
    private final WebhookSignature verifier = new WebhookSignature(SECRET, clock, WebhookSignature.DEFAULT_TOLERANCE);

    @AfterEach
    void stop() {
        simulator.webhooks().close();
        receiver.close();
    }

    private SimulatorResponse api(String method, String path, String body) {
        return simulator.handle(new SimulatorRequest(method, path, Map.of(), AUTH, "2026-05-12", body));
    }

    private String id(int index) {
        return simulator.userIds().get(index);
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Checks the Svix headers of a delivery against the secret and returns its body as JSON. */
    private JsonObject verified(RecordedRequest delivery) {
        verifier.verify(delivery.header("svix-id"), delivery.header("svix-timestamp"),
                delivery.header("svix-signature"), delivery.body().getBytes(StandardCharsets.UTF_8));
        return json(delivery.body());
    }

    /** Waits until the event's last attempt has finished. */
    private SimulatedEvent awaitFinished(String svixId) {
        for (int i = 0; i < 4000; i++) {
            SimulatedEvent event = simulator.webhooks().event(svixId).orElseThrow();
            if (event.state() == State.DELIVERED || event.state() == State.FAILED) {
                return event;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("event " + svixId + " still not delivered or failed");
    }

    @Test
    void apiPatchUser_deliver_signedUserUpdatedWithTheServedUserArrives() {
        String id = id(0);

        SimulatorResponse answer = api("PATCH", "/users/" + id, "{\"first_name\":\"Ada\"}");

        RecordedRequest delivery = receiver.await(1).get(0);
        JsonObject event = verified(delivery);
        assertEquals("POST", delivery.method());
        assertEquals("/hook", delivery.path());
        assertEquals("application/json", delivery.header("Content-Type"));
        assertTrue(delivery.header("svix-id").matches("msg_[0-9A-Za-z]{27}"), delivery.header("svix-id"));
        assertEquals(Long.toString(clock.instant().getEpochSecond()), delivery.header("svix-timestamp"));
        assertEquals("user.updated", event.getString("type"));
        assertEquals("event", event.getString("object"));
        assertEquals(json(answer.body()), event.getJsonObject("data"));
        assertEquals(simulator.user(id), event.getJsonObject("data"));
        assertEquals(clock.millis(), event.getJsonNumber("timestamp").longValue());
        assertEquals(simulator.webhooks().instanceId(), event.getString("instance_id"));
        assertEquals(json("{\"http_request\":{\"client_ip\":\"\",\"user_agent\":\"\"}}"),
                event.getJsonObject("event_attributes"));
        SimulatedEvent recorded = awaitFinished(delivery.header("svix-id"));
        assertEquals(State.DELIVERED, recorded.state());
        assertEquals(204, recorded.lastStatus());
        assertEquals(simulator.user(id).getJsonNumber("updated_at").longValue(), recorded.updatedAt());
    }

    @Test
    void delivery_otherSecret_doesNotVerify() {
        api("PATCH", "/users/" + id(0), "{\"first_name\":\"Ada\"}");
        RecordedRequest delivery = receiver.await(1).get(0);
        WebhookSignature other = new WebhookSignature("whsec_" + java.util.Base64.getEncoder().encodeToString(
                "another secret of 32 bytes......".getBytes(StandardCharsets.UTF_8)), clock,
                WebhookSignature.DEFAULT_TOLERANCE);

        assertThrows(InvalidSignatureException.class, () -> other.verify(delivery.header("svix-id"),
                delivery.header("svix-timestamp"), delivery.header("svix-signature"),
                delivery.body().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void instanceId_sameSeed_sameId() {
        ClerkSimulator again = new ClerkSimulator(new SimulatorSettings(1, 42, Duration.ZERO, 0), clock, m -> { });
        ClerkSimulator other = new ClerkSimulator(new SimulatorSettings(1, 43, Duration.ZERO, 0), clock, m -> { });

        assertTrue(simulator.webhooks().instanceId().matches("ins_[0-9A-Za-z]{27}"));
        assertEquals(simulator.webhooks().instanceId(), again.webhooks().instanceId());
        assertNotEquals(simulator.webhooks().instanceId(), other.webhooks().instanceId());
    }

    @Test
    void apiPatchMetadata_deliver_userUpdatedWithMergedMetadata() {
        String id = id(0);

        api("PATCH", "/users/" + id + "/metadata", "{\"public_metadata\":{\"role\":\"expert\"}}");

        JsonObject data = verified(receiver.await(1).get(0)).getJsonObject("data");
        assertEquals("expert", data.getJsonObject("public_metadata").getString("role"));
        assertEquals(simulator.user(id), data);
    }

    @Test
    void apiDelete_deliver_userDeletedWithDeletedObjectOnly() {
        String id = id(0);

        api("DELETE", "/users/" + id, null);

        JsonObject event = verified(receiver.await(1).get(0));
        assertEquals("user.deleted", event.getString("type"));
        assertEquals(json("{\"object\":\"user\",\"id\":\"" + id + "\",\"deleted\":true}"), event.getJsonObject("data"));
        assertNull(simulator.webhooks().events().get(0).updatedAt());
    }

    @Test
    void addUsers_deliver_userCreatedForEachNewUser() {
        List<String> before = simulator.userIds();

        simulator.addUsers(2);

        List<RecordedRequest> deliveries = receiver.await(2);
        List<String> added = simulator.userIds().stream().filter(u -> !before.contains(u)).toList();
        assertEquals(2, deliveries.size());
        for (RecordedRequest delivery : deliveries) {
            JsonObject event = verified(delivery);
            assertEquals("user.created", event.getString("type"));
            JsonObject data = event.getJsonObject("data");
            assertTrue(added.contains(data.getString("id")), data.getString("id"));
            assertEquals(simulator.user(data.getString("id")), data);
        }
    }

    @Test
    void editUser_profileAndMetadata_oneChangeOneEventNotAnApiCall() {
        String id = id(0);
        long before = simulator.user(id).getJsonNumber("updated_at").longValue();

        SimulatorResponse answer = simulator.editUser(id, json("{\"last_name\":\"Lovelace\",\"username\":\"ada_l\","
                + "\"public_metadata\":{\"role\":\"admin\"},\"private_metadata\":{\"crm_id\":null}}"));

        assertEquals(200, answer.status(), answer.body());
        JsonObject data = verified(receiver.await(1).get(0)).getJsonObject("data");
        assertEquals(json(answer.body()), data);
        assertEquals("Lovelace", data.getString("last_name"));
        assertEquals("ada_l", data.getString("username"));
        assertEquals("admin", data.getJsonObject("public_metadata").getString("role"));
        assertTrue(data.getJsonObject("public_metadata").containsKey("department"), "merged, not replaced");
        assertTrue(!data.getJsonObject("private_metadata").containsKey("crm_id"), "null removes the key");
        assertTrue(data.getJsonNumber("updated_at").longValue() > before);
        assertEquals(1, simulator.webhooks().events().size());
        assertEquals(0, simulator.totalCalls());
    }

    @Test
    void editUser_moreThanTheApiWriteLimit_allApplied() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        for (int i = 0; i < 15; i++) {
            assertEquals(200, simulator.editUser(id(0), json("{\"first_name\":\"N" + i + "\"}")).status());
        }
        assertEquals(15, simulator.webhooks().events().size());
    }

    @Test
    void removeUser_known_deletedAndUserDeletedEvent() {
        String id = id(0);

        assertEquals(200, simulator.removeUser(id).status());

        assertNull(simulator.user(id));
        assertEquals("user.deleted", verified(receiver.await(1).get(0)).getString("type"));
        assertEquals(404, simulator.removeUser(id).status());
    }

    @Test
    void refusedChanges_noEvent() {
        String id = id(0);
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);

        assertEquals(422, api("PATCH", "/users/" + id, "{\"public_metadata\":{}}").status());
        assertEquals(404, api("PATCH", "/users/user_000000000000000000000000000", "{\"first_name\":\"A\"}").status());
        assertEquals(422, simulator.editUser(id, json("{\"banned\":true}")).status());
        assertEquals(422, simulator.editUser(id, json("{\"public_metadata\":[1]}")).status());
        assertEquals(404, simulator.editUser("user_000000000000000000000000000", json("{\"first_name\":\"A\"}"))
                .status());
        assertEquals(404, simulator.removeUser("user_000000000000000000000000000").status());

        assertTrue(simulator.webhooks().events().isEmpty());
    }

    @Test
    void apiWrite_overPerUserLimit_noEventForTheRefusedWrite() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        for (int i = 0; i < 11; i++) {
            api("PATCH", "/users/" + id(0), "{\"first_name\":\"N" + i + "\"}");
        }

        assertEquals(10, simulator.webhooks().events().size());
    }

    @Test
    void hold_eventRecordedNotSent_thenDeliverSendsItAndAnswersTheStatus() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        api("PATCH", "/users/" + id(0), "{\"first_name\":\"Ada\"}");
        SimulatedEvent held = simulator.webhooks().events().get(0);
        assertEquals(State.HELD, held.state());
        assertEquals(0, held.attempts());
        receiver.answer(200);

        SimulatorWebhooks.Attempt attempt = simulator.webhooks().deliver(held.svixId());

        assertEquals(200, attempt.status());
        assertEquals(1, receiver.requests().size(), "held, then sent once on demand");
        assertEquals(held.svixId(), receiver.requests().get(0).header("svix-id"));
        assertEquals(held.body(), receiver.requests().get(0).body());
        SimulatedEvent delivered = simulator.webhooks().event(held.svixId()).orElseThrow();
        assertEquals(State.DELIVERED, delivered.state());
        assertEquals(1, delivered.attempts());
        assertEquals(200, delivered.lastStatus());
    }

    @Test
    void deliverTwice_duplicateWithSameIdAndBodyAndFreshSignedTimestamp() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        api("PATCH", "/users/" + id(0), "{\"first_name\":\"Ada\"}");
        String svixId = simulator.webhooks().events().get(0).svixId();
        clock.advance(Duration.ofSeconds(30));
        simulator.webhooks().deliver(svixId);
        clock.advance(Duration.ofSeconds(30));

        simulator.webhooks().deliver(svixId);

        List<RecordedRequest> deliveries = receiver.requests();
        assertEquals(2, deliveries.size());
        assertEquals(svixId, deliveries.get(0).header("svix-id"));
        assertEquals(svixId, deliveries.get(1).header("svix-id"));
        assertEquals(deliveries.get(0).body(), deliveries.get(1).body());
        assertEquals(Long.parseLong(deliveries.get(0).header("svix-timestamp")) + 30,
                Long.parseLong(deliveries.get(1).header("svix-timestamp")));
        assertNotEquals(deliveries.get(0).header("svix-signature"), deliveries.get(1).header("svix-signature"));
        verified(deliveries.get(1));
        assertEquals(2, simulator.webhooks().event(svixId).orElseThrow().attempts());
    }

    @Test
    void heldEvents_newerDeliveredFirst_arriveOutOfOrder() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        String id = id(0);
        api("PATCH", "/users/" + id, "{\"first_name\":\"Older\"}");
        clock.advance(Duration.ofSeconds(1));
        api("PATCH", "/users/" + id, "{\"first_name\":\"Newer\"}");
        List<SimulatedEvent> events = simulator.webhooks().events();

        simulator.webhooks().deliver(events.get(1).svixId());
        simulator.webhooks().deliver(events.get(0).svixId());

        List<RecordedRequest> deliveries = receiver.requests();
        JsonObject first = verified(deliveries.get(0)).getJsonObject("data");
        JsonObject second = verified(deliveries.get(1)).getJsonObject("data");
        assertEquals("Newer", first.getString("first_name"));
        assertEquals("Older", second.getString("first_name"));
        assertTrue(first.getJsonNumber("updated_at").longValue() > second.getJsonNumber("updated_at").longValue());
    }

    @Test
    void receiverAnswers500_eventFailedWithThatStatus() {
        receiver.answer(500);

        api("PATCH", "/users/" + id(0), "{\"first_name\":\"Ada\"}");

        SimulatedEvent event = awaitFinished(receiver.await(1).get(0).header("svix-id"));
        assertEquals(State.FAILED, event.state());
        assertEquals(500, event.lastStatus());
    }

    @Test
    void receiverHoldsItsAnswer_apiCallReturnsWhileDeliveryIsPending() {
        receiver.closeGate();

        SimulatorResponse answer = api("PATCH", "/users/" + id(0), "{\"first_name\":\"Ada\"}");

        assertEquals(200, answer.status());
        String svixId = simulator.webhooks().events().get(0).svixId();
        assertEquals(State.PENDING, simulator.webhooks().event(svixId).orElseThrow().state());
        receiver.await(1);
        assertEquals(State.PENDING, simulator.webhooks().event(svixId).orElseThrow().state());
        receiver.open();
        assertEquals(State.DELIVERED, awaitFinished(svixId).state());
    }

    @Test
    void receiverDown_apiCallStillSucceedsAndEventFailsWithReason() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClerkSimulator lonely = new ClerkSimulator(new SimulatorSettings(3, 42, Duration.ZERO, 0), clock, m -> { },
                new WebhookTarget(java.net.URI.create("http://127.0.0.1:" + closedPort + "/hook"), SECRET));
        try {
            String id = lonely.userIds().get(0);

            SimulatorResponse answer = lonely.handle(new SimulatorRequest("PATCH", "/users/" + id, Map.of(), AUTH,
                    null, "{\"first_name\":\"Ada\"}"));

            assertEquals(200, answer.status());
            assertEquals("Ada", lonely.user(id).getString("first_name"));
            String svixId = lonely.webhooks().events().get(0).svixId();
            SimulatorWebhooks.Attempt attempt = lonely.webhooks().deliver(svixId);
            assertEquals(0, attempt.status());
            assertEquals("connection refused", attempt.error());
            SimulatedEvent event = lonely.webhooks().event(svixId).orElseThrow();
            assertEquals(State.FAILED, event.state());
            assertNull(event.lastStatus());
        } finally {
            lonely.webhooks().close();
        }
    }

    @Test
    void off_nothingRecordedNothingSent() {
        simulator.webhooks().setDelivery(WebhookDelivery.OFF);

        api("PATCH", "/users/" + id(0), "{\"first_name\":\"Ada\"}");
        simulator.addUsers(1);

        assertTrue(simulator.webhooks().events().isEmpty());
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        api("PATCH", "/users/" + id(0), "{\"first_name\":\"Bea\"}");
        simulator.webhooks().deliver(simulator.webhooks().events().get(0).svixId());
        assertEquals("Bea", json(receiver.requests().get(0).body()).getJsonObject("data").getString("first_name"),
                "the first delivery the receiver ever got is the one after off");
    }

    @Test
    void noTarget_eventsHeldAndDeliverRefused() {
        ClerkSimulator plain = new ClerkSimulator(new SimulatorSettings(3, 42, Duration.ZERO, 0), clock, m -> { });
        String id = plain.userIds().get(0);

        assertEquals(200, plain.editUser(id, json("{\"first_name\":\"Ada\"}")).status());

        SimulatedEvent event = plain.webhooks().events().get(0);
        assertEquals(State.HELD, event.state());
        assertTrue(plain.webhooks().targetUrl().isEmpty());
        assertThrows(IllegalStateException.class, () -> plain.webhooks().deliver(event.svixId()));
    }

    @Test
    void events_moreThanKept_oldestForgotten() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        for (int i = 0; i < SimulatorWebhooks.EVENTS_KEPT + 5; i++) {
            simulator.editUser(id(i % 20), json("{\"first_name\":\"N" + i + "\"}"));
        }

        List<SimulatedEvent> events = simulator.webhooks().events();

        assertEquals(SimulatorWebhooks.EVENTS_KEPT, events.size());
        assertEquals("N5", json(events.get(0).body()).getJsonObject("data").getString("first_name"));
    }

    @Test
    void deliver_unknownId_noSuchElement() {
        assertThrows(NoSuchElementException.class, () -> simulator.webhooks().deliver("msg_unknown"));
    }

    @Test
    void reset_recentEventsForgotten() {
        simulator.webhooks().setDelivery(WebhookDelivery.HOLD);
        simulator.editUser(id(0), json("{\"first_name\":\"Ada\"}"));

        simulator.reset(true);

        assertTrue(simulator.webhooks().events().isEmpty());
        assertTrue(receiver.requests().isEmpty(), "reseeding is not a change Clerk would report");
    }

    @Test
    void manyChangesWhileReceiverHolds_atMostFourOnTheirWayTheRestWaitThenAllDelivered() {
        receiver.closeGate();

        simulator.addUsers(10);

        receiver.await(SimulatorWebhooks.MAX_IN_FLIGHT);
        assertEquals(SimulatorWebhooks.MAX_IN_FLIGHT, simulator.webhooks().inFlight());
        assertEquals(10 - SimulatorWebhooks.MAX_IN_FLIGHT, simulator.webhooks().waiting());
        assertEquals(SimulatorWebhooks.MAX_IN_FLIGHT, receiver.requests().size());
        receiver.open();
        receiver.await(10);
        for (SimulatedEvent event : simulator.webhooks().events()) {
            assertEquals(State.DELIVERED, awaitFinished(event.svixId()).state());
        }
        assertEquals(10, receiver.requests().stream().map(r -> r.header("svix-id")).distinct().count());
    }
}
