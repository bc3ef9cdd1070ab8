package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.clerkcache.webhook.WebhookSignature;

/**
 * Clerk webhook deliveries to a deployment's {@code POST api/webhooks/clerk}, as Svix makes them: Clerk's event
 * envelope, a fresh {@code svix-id}, the current {@code svix-timestamp} and a v1 signature with the endpoint's secret,
 * and no {@code Authorization} header.
 */
final class ClerkWebhooks {

    private final Http http;
    private final WebhookSignature signature;

    /** @param secret the deployment's {@code clerk.webhook-secret} ({@code whsec_...}) */
    ClerkWebhooks(Http http, String secret) {
        this.http = http.anonymous();
        this.signature = new WebhookSignature(secret, Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
    }

    /** A {@code user.updated} event carrying {@code user}, Clerk's whole user document. */
    HttpResponse<String> userUpdated(JsonObject user) {
        return deliver("user.updated", user);
    }

    /** A {@code user.deleted} event, whose data is Clerk's deleted-object stub. */
    HttpResponse<String> userDeleted(String id) {
        return deliver("user.deleted", Json.createObjectBuilder().add("object", "user").add("id", id)
                .add("deleted", true).build());
    }

    HttpResponse<String> deliver(String type, JsonObject data) {
        long now = System.currentTimeMillis();
        String body = Json.createObjectBuilder()
                .add("data", data)
                .add("object", "event")
                .add("type", type)
                .add("timestamp", now)
                .add("instance_id", "ins_test")
                .add("event_attributes", Json.createObjectBuilder())
                .build().toString();
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String timestamp = Long.toString(now / 1000);
        return http.post("api/webhooks/clerk", body, Map.of(
                "svix-id", id,
                "svix-timestamp", timestamp,
                "svix-signature", signature.signatureHeader(id, timestamp, body.getBytes(StandardCharsets.UTF_8))));
    }
}
