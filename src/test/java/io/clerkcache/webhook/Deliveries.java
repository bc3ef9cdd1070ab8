package io.clerkcache.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Clerk events, signed like Svix signs them, for tests that deliver webhooks. */
public final class Deliveries {

    private final WebhookSignature signer;

    /** @param secret the receiver's {@code whsec_...} secret */
    public Deliveries(String secret) {
        this.signer = new WebhookSignature(secret, Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
    }

    /** One delivery attempt: the three Svix headers and the raw body. */
    public record Delivery(String id, String timestamp, String signature, byte[] body) {

        /** The same event (same {@code svix-id} and body) delivered again, signed afresh at {@code at}. */
        public Delivery again(Deliveries by, Instant at) {
            return by.sign(id, body, at);
        }

        /** This delivery's headers on another body: a replay of a valid signature. */
        public Delivery withBody(String otherBody) {
            return new Delivery(id, timestamp, signature, otherBody.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A {@code type} event with {@code data}, signed now. */
    public Delivery event(String type, JsonObject data) {
        return event(type, data, Instant.now());
    }

    /** A {@code type} event with {@code data}, signed at {@code at}. */
    public Delivery event(String type, JsonObject data, Instant at) {
        return sign("msg_" + UUID.randomUUID().toString().replace("-", ""), envelope(type, data).getBytes(
                StandardCharsets.UTF_8), at);
    }

    /** Any body, signed now under a new id. */
    public Delivery raw(String body) {
        return sign("msg_" + UUID.randomUUID().toString().replace("-", ""), body.getBytes(StandardCharsets.UTF_8),
                Instant.now());
    }

    /** {@code user.deleted} for {@code userId}, signed now. */
    public Delivery deleted(String userId) {
        return event("user.deleted", Json.createObjectBuilder().add("object", "user").add("id", userId)
                .add("deleted", true).build());
    }

    Delivery sign(String id, byte[] body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return new Delivery(id, timestamp, signer.signatureHeader(id, timestamp, body), body);
    }

    /** Clerk's envelope around {@code data}. */
    public static String envelope(String type, JsonObject data) {
        return Json.createObjectBuilder().add("data", data).add("object", "event").add("type", type)
                .add("timestamp", System.currentTimeMillis()).add("instance_id", "ins_test")
                .add("event_attributes", Json.createObjectBuilder()).build().toString();
    }
}
