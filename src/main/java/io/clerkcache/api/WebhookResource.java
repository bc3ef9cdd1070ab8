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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "webhooks")
@RequestScoped
public class WebhookResource {

    @Inject
    WebhookReceiver receiver;
    @Inject
    Recorder stats;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveClerkWebhook", summary = "Clerk's webhooks",
            description = "For Clerk (through Svix), not for API clients: no bearer; each delivery is authenticated by "
                    + "its Svix signature on the raw body. Subscribe to user.created, user.updated and user.deleted. "
                    + "A delivery is applied once (deduplicated on svix-id), an older version never replaces a newer "
                    + "one, and a deletion leaves a tombstone. Anything but 200 changes nothing.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "what became of the event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookOutcome")))
    @APIResponse(responseCode = "400", ref = "InvalidEvent")
    @APIResponse(responseCode = "401", ref = "InvalidSignature")
    @APIResponse(responseCode = "409", ref = "DeliveryInProgress")
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", ref = "WebhookNotApplied")
    public Response receive(
            @HeaderParam("svix-id") @Parameter(required = true, description = "the message id, the same on every "
                    + "attempt") String svixId,
            @HeaderParam("svix-timestamp") @Parameter(required = true, description = "Unix seconds of this attempt")
            String timestamp,
            @HeaderParam("svix-signature") @Parameter(required = true, description = "one or more space-separated "
                    + "v1,<base64 HMAC-SHA256> signatures") String signature,
            @HeaderParam("Content-Length") @Parameter(hidden = true) String contentLength,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "WebhookEvent"))) InputStream body) {
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
