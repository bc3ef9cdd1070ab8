package io.clerkcache.clerk;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonException;
import java.io.StringReader;
import java.util.regex.Pattern;

/**
 * The first error of a Clerk error body {@code {"errors":[{"code","message","long_message","meta"}],"clerk_trace_id"}}.
 * The code and the trace id travel on into log lines, and the trace id into the {@code Clerk-Trace-Id} response
 * header: each is kept only when it matches a strict pattern (letters, digits, {@code _}, {@code -}, at most 64
 * characters), so that a broken or hostile upstream cannot put line breaks or arbitrary text there.
 *
 * @param code Clerk's error code, or {@code null}
 * @param message the short message, or {@code null}
 * @param traceId {@code clerk_trace_id}, or {@code null}
 */
record ClerkErrorBody(String code, String message, String traceId) {

    /** Clerk's trace ids are 32 hex digits, its codes snake_case words; anything else is dropped. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Parses a response body; anything that is not a Clerk error body gives {@code null}. */
    static ClerkErrorBody parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                return null;
            }
            String code = null;
            String message = null;
            if (object.get("errors") instanceof JsonArray errors && !errors.isEmpty()
                    && errors.get(0) instanceof JsonObject first) {
                code = token(string(first, "code"));
                message = string(first, "message");
            }
            String traceId = token(string(object, "clerk_trace_id"));
            return code == null && traceId == null ? null : new ClerkErrorBody(code, message, traceId);
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }

    /** {@code value} if it is a plain token, else {@code null}. */
    static String token(String value) {
        return value != null && TOKEN.matcher(value).matches() ? value : null;
    }

    private static String string(JsonObject object, String field) {
        return object.get(field) instanceof JsonString s ? s.getString() : null;
    }
}
