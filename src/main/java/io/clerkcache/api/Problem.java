package io.clerkcache.api;

import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, as every error of the HTTP API is answered. {@code type} is stable (clients may switch
 * on it); {@code detail} is for people and never carries a stack trace or a secret.
 *
 * @param type   a stable URI naming the kind of problem
 * @param title  a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what happened in this case, or {@code null}
 */
public record Problem(String type, String title, int status, String detail) {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The media type of problem responses. */
    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    private static final String TYPE_PREFIX = "urn:clerk-cache:problem:";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
    }

    /** A problem whose type is {@code urn:clerk-cache:problem:<slug>}. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }

    /** The problem as JSON. */
    public JsonObject toJson() {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", type).add("title", title).add("status", status);
        if (detail != null) {
            b.add("detail", detail);
        }
        return b.build();
    }

    /** A response carrying the problem. */
    public Response.ResponseBuilder toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(toJson().toString());
    }
}
