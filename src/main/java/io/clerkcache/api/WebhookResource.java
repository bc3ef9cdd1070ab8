package io.clerkcache.api;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.clerkcache.webhook.WebhookConfig;
import io.clerkcache.webhook.WebhookReceiver;
import io.clerkcache.metrics.Recorder;

/**
 * {@code POST /api/webhooks/clerk}: Clerk's webhooks, authenticated by their Svix signature (not by the API's
 * credentials). Answers 200 with what became of the event ({@code applied}, {@code stale}, {@code invalidated},
 * {@code deleted}, {@code ignored}, {@code duplicate}), or a problem: 401 (signature), 400 (body), 413 (over 1 MiB),
 * 409 (the same event is being applied by another delivery), 503 (no secret configured, or the cache is unavailable:
 * Svix delivers again later). Anything but 200 changes nothing.
 */
@Path("api/webhooks/clerk")
@RequestScoped
public class WebhookResource {

    @Inject
    WebhookReceiver receiver;
    @Inject
    Recorder stats;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam("svix-id") String svixId, @HeaderParam("svix-timestamp") String timestamp,
            @HeaderParam("svix-signature") String signature, @HeaderParam("Content-Length") String contentLength,
            InputStream body) {
        if (!receiver.enabled()) {
            stats.webhook(WebhookReceiver.UNKNOWN_TYPE, "disabled");
            return problem(503, "webhooks-disabled", "Webhooks are not configured",
                    "this service has no webhook secret (clerk.webhook-secret)", 60);
        }
        if (declaredTooLarge(contentLength)) {
            return tooLarge();
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(WebhookConfig.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            return problem(400, "invalid-body", "Invalid request body", "the body could not be read", 0);
        }
        if (bytes.length > WebhookConfig.MAX_BODY_BYTES) {
            return tooLarge();
        }
        WebhookReceiver.Result result = receiver.receive(svixId, timestamp, signature, bytes);
        return switch (result.status()) {
            case 200 -> {
                JsonObjectBuilder answer = Json.createObjectBuilder().add("type", result.type())
                        .add("outcome", result.outcome());
                yield Response.ok(answer.build(), MediaType.APPLICATION_JSON_TYPE).build();
            }
            case 401 -> problem(401, "invalid-signature", "Invalid webhook signature", result.detail(), 0);
            case 400 -> problem(400, "invalid-event", "Invalid webhook event", result.detail(), 0);
            case 409 -> problem(409, "delivery-in-progress", "Delivery in progress", result.detail(), 5);
            default -> problem(503, "webhook-not-applied", "Webhook not applied", result.detail(), 5);
        };
    }

    private boolean declaredTooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.strip()) > WebhookConfig.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // the body is measured as it is read
        }
    }

    private Response tooLarge() {
        stats.webhook(WebhookReceiver.UNKNOWN_TYPE, "rejected");
        return problem(413, "body-too-large", "Request body too large",
                "a webhook body may have at most " + WebhookConfig.MAX_BODY_BYTES + " bytes", 0);
    }

    private static Response problem(int status, String slug, String title, String detail, long retryAfter) {
        Response.ResponseBuilder b = Problem.of(slug, title, status, detail).toResponse();
        if (retryAfter > 0) {
            b.header("Retry-After", Long.toString(retryAfter));
        }
        return b.build();
    }
}
