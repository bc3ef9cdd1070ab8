package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.NoSuchElementException;

/**
 * The demo controls that carry logic of their own, apart from JAX-RS so that tests call them directly:
 * {@link SimulatorControlResource} hands requests over and sends the answers back. Bad requests are answered with
 * {@code 400 {"error":"..."}}.
 */
final class SimulatorControl {

    private final ClerkSimulator simulator;

    SimulatorControl(ClerkSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * {@code PUT settings}: changes {@code latencyMs}, {@code rateLimit} (calls per 10 s, 0 = none),
     * {@code userWriteLimit} (writes per user and 10 s, 0 = none) and/or {@code webhookDelivery} ({@code deliver},
     * {@code hold}, {@code off}); nothing changes unless every field sent is valid. Answers the settings now in force.
     */
    SimulatorResponse updateSettings(String body) {
        JsonObject settings = parse(body);
        if (settings == null) {
            return badRequest("expected a JSON object such as {\"latencyMs\":50,\"rateLimit\":1000,"
                    + "\"userWriteLimit\":10,\"webhookDelivery\":\"hold\"}");
        }
        JsonValue latency = settings.get("latencyMs");
        JsonValue rateLimit = settings.get("rateLimit");
        JsonValue userWriteLimit = settings.get("userWriteLimit");
        JsonValue webhookDelivery = settings.get("webhookDelivery");
        WebhookDelivery delivery = null;
        if (webhookDelivery instanceof JsonString mode) {
            try {
                delivery = WebhookDelivery.parse(mode.getString());
            } catch (IllegalArgumentException e) {
                delivery = null;
            }
        }
        if ((latency != null && !(latency instanceof JsonNumber l && l.longValue() >= 0))
                || (rateLimit != null && !(rateLimit instanceof JsonNumber))
                || (userWriteLimit != null && !isCount(userWriteLimit))
                || (webhookDelivery != null && delivery == null)) {
            return badRequest("latencyMs must be a number >= 0, rateLimit a number (0 = no limit), userWriteLimit a"
                    + " whole number >= 0 (0 = no limit), webhookDelivery \"deliver\", \"hold\" or \"off\"");
        }
        if (delivery != null) {
            simulator.webhooks().setDelivery(delivery);
        }
        if (latency != null) {
            simulator.setLatency(Duration.ofMillis(((JsonNumber) latency).longValue()));
        }
        if (rateLimit != null) {
            simulator.setRateLimit(((JsonNumber) rateLimit).intValue());
        }
        if (userWriteLimit != null) {
            simulator.setUserWriteLimit(((JsonNumber) userWriteLimit).intValue());
        }
        return SimulatorResponse.json(200, simulator.settings());
    }

    /**
     * {@code PATCH users/{id}}: changes profile fields ({@code first_name}, {@code last_name}, {@code username},
     * {@code external_id}, {@code locale}) and/or deep-merges {@code public_metadata}, {@code private_metadata},
     * {@code unsafe_metadata}, as one change that emits {@code user.updated}. Answers as the Backend API would: the
     * new user, or Clerk's error body (404 unknown user, 422 unknown field, bad value or taken username).
     */
    SimulatorResponse editUser(String id, String body) {
        JsonObject change = parse(body);
        if (change == null) {
            return badRequest("expected a JSON object of profile fields and/or metadata objects, such as"
                    + " {\"first_name\":\"Ada\",\"public_metadata\":{\"role\":\"admin\"}}");
        }
        return simulator.editUser(id, change);
    }

    /** {@code DELETE users/{id}}: deletes the user, emits {@code user.deleted}; Clerk's deleted object or its 404. */
    SimulatorResponse deleteUser(String id) {
        return simulator.removeUser(id);
    }

    /**
     * {@code GET webhooks}: {@code {"delivery":"deliver","target":"http://...","events":[...]}}, the recent events
     * oldest first as {@link SimulatedEvent#toJson()} shows them; {@code target} is {@code null} when nothing is sent.
     */
    SimulatorResponse webhooks() {
        SimulatorWebhooks webhooks = simulator.webhooks();
        JsonArrayBuilder events = JSON.createArrayBuilder();
        webhooks.events().forEach(e -> events.add(e.toJson()));
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("delivery", webhooks.delivery().configValue());
        webhooks.targetUrl().ifPresentOrElse(url -> answer.add("target", url.toString()),
                () -> answer.addNull("target"));
        return SimulatorResponse.json(200, answer.add("events", events).build());
    }

    /**
     * {@code POST webhooks/{svixId}/deliver}: sends that event again now and waits: {@code 200 {"status":<the
     * receiver's status>}}; {@code 502 {"status":0,"error":"..."}} without an answer; 404 for an id not among the
     * recent events; 409 when there is no target.
     */
    SimulatorResponse deliver(String svixId) {
        SimulatorWebhooks.Attempt attempt;
        try {
            attempt = simulator.webhooks().deliver(svixId);
        } catch (NoSuchElementException e) {
            return error(404, "no recent event has that svix-id");
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        }
        if (attempt.error() != null) {
            return SimulatorResponse.json(502, JSON.createObjectBuilder().add("status", 0)
                    .add("error", attempt.error()).build());
        }
        return SimulatorResponse.json(200, JSON.createObjectBuilder().add("status", attempt.status()).build());
    }

    /** The body as a JSON object, or {@code null} if it is none. */
    static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(body))) {
            return reader.readValue() instanceof JsonObject object ? object : null;
        } catch (RuntimeException notJsonOrTooDeep) { // Parsson throws a plain RuntimeException past depth 1000
            return null;
        }
    }

    /** {@code 400 {"error": message}}. */
    static SimulatorResponse badRequest(String message) {
        return error(400, message);
    }

    private static SimulatorResponse error(int status, String message) {
        return SimulatorResponse.json(status, JSON.createObjectBuilder().add("error", message).build());
    }

    private static boolean isCount(JsonValue value) {
        return value instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().signum() >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }
}
