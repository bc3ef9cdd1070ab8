package io.clerkcache.simulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The simulator's answers in Clerk's shapes: error bodies with a {@code clerk_trace_id}, and request-body parsing. */
final class ClerkResponses {

    /** Looked up once: {@code Json.createXxx} repeats the provider lookup on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private final AtomicLong traceIds = new AtomicLong();

    /** A 404 with Clerk's {@code resource_not_found} body. */
    SimulatorResponse notFound() {
        return error(404, "resource_not_found", "not found", "Resource not found");
    }

    /** A 422 for a parameter with a bad value. */
    SimulatorResponse invalidParam(String param, String longMessage) {
        return error(422, "form_param_value_invalid", "is invalid", longMessage, Map.of("param_name", param));
    }

    /** A 422 for a parameter the endpoint does not take. */
    SimulatorResponse unknownParam(String param) {
        String message = param + " is not a valid parameter for this request.";
        return error(422, "form_param_unknown", message, message, Map.of("param_name", param));
    }

    /** A 429 with {@code Retry-After} in seconds. */
    SimulatorResponse tooManyRequests(long retryAfterSeconds) {
        SimulatorResponse tooMany = error(429, "too_many_requests", "Too many requests",
                "Too many requests, please try again later.");
        return new SimulatorResponse(429, tooMany.body(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    SimulatorResponse error(int status, String code, String message, String longMessage) {
        return error(status, code, message, longMessage, Map.of());
    }

    /** A response in Clerk's error shape. */
    SimulatorResponse error(int status, String code, String message, String longMessage, Map<String, String> meta) {
        JsonObjectBuilder metaJson = JSON.createObjectBuilder();
        meta.forEach(metaJson::add);
        JsonObject body = JSON.createObjectBuilder()
                .add("errors", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                        .add("code", code)
                        .add("message", message)
                        .add("long_message", longMessage)
                        .add("meta", metaJson)))
                .add("clerk_trace_id", String.format(Locale.ROOT, "sim%029x", traceIds.incrementAndGet()))
                .build();
        return SimulatorResponse.json(status, body);
    }

    /** The body as a JSON object, or a 400 response in Clerk's shape. */
    Object parseObject(String body) {
        if (body == null || body.isBlank()) {
            return error(400, "malformed_request", "Malformed request", "The request body is missing.");
        }
        try (var reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (RuntimeException e) {
            // not JSON, or nested past the parser's depth limit (Parsson throws a plain RuntimeException): a 400
        }
        return error(400, "malformed_request", "Malformed request", "The request body is not a JSON object.");
    }
}
