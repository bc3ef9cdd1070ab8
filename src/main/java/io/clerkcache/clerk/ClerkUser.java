package io.clerkcache.clerk;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Clerk user: Clerk's own JSON document (schema {@code User} of the Backend API), kept whole so that nothing is
 * lost between Clerk, the cache and callers, with typed accessors for the fields this service reads.
 *
 * <p>Immutable: {@link JsonObject} is immutable. Equality is that of the document.
 *
 * @param document the user as Clerk returned it
 */
public record ClerkUser(JsonObject document) {

    /** Validates that {@code document} is a user object with an id; prefer {@link #of(JsonObject)}. */
    public ClerkUser {
        Objects.requireNonNull(document, "document");
        if (!"user".equals(stringOrNull(document, "object"))) {
            throw new IllegalArgumentException("Not a Clerk user document: \"object\" is not \"user\"");
        }
        if (!ClerkIds.isValidUserId(stringOrNull(document, "id"))) {
            throw new IllegalArgumentException("Clerk user document without a valid \"id\"");
        }
    }

    /**
     * Wraps a Clerk user document.
     *
     * @throws IllegalArgumentException if it has no valid {@code id} or its {@code object} is not {@code "user"}
     */
    public static ClerkUser of(JsonObject document) {
        return new ClerkUser(document);
    }

    /** The user id, {@code user_...}. */
    public String id() {
        return document.getString("id");
    }

    /** The username, or {@code null} when the user has none. */
    public String username() {
        return stringOrNull(document, "username");
    }

    /** Last change in epoch milliseconds; compare it to order two versions of one user. 0 if absent. */
    public long updatedAt() {
        return longOrZero("updated_at");
    }

    /** Creation time in epoch milliseconds; 0 if absent. */
    public long createdAt() {
        return longOrZero("created_at");
    }

    /** The first name, or {@code null}. */
    public String firstName() {
        return stringOrNull(document, "first_name");
    }

    /** The last name, or {@code null}. */
    public String lastName() {
        return stringOrNull(document, "last_name");
    }

    /** The profile image URL, or {@code null}. */
    public String imageUrl() {
        return stringOrNull(document, "image_url");
    }

    /** The primary email address (the entry of {@code email_addresses} named by {@code primary_email_address_id}). */
    public Optional<String> primaryEmailAddress() {
        String primaryId = stringOrNull(document, "primary_email_address_id");
        JsonValue list = document.get("email_addresses");
        if (primaryId == null || !(list instanceof JsonArray addresses)) {
            return Optional.empty();
        }
        for (JsonValue entry : addresses) {
            if (entry instanceof JsonObject address && primaryId.equals(stringOrNull(address, "id"))) {
                return Optional.ofNullable(stringOrNull(address, "email_address"));
            }
        }
        return Optional.empty();
    }

    /** {@code public_metadata}, or an empty object when absent or not an object. */
    public JsonObject publicMetadata() {
        JsonValue value = document.get("public_metadata");
        return value instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    /**
     * The roles kept by convention in {@code public_metadata.role}: a single string or an array of strings. Blank
     * values and non-string array entries are ignored; no role gives an empty list.
     */
    public List<String> roles() {
        JsonValue role = publicMetadata().get("role");
        if (role instanceof JsonString single) {
            return single.getString().isBlank() ? List.of() : List.of(single.getString());
        }
        if (role instanceof JsonArray many) {
            return many.stream()
                    .filter(JsonString.class::isInstance)
                    .map(v -> ((JsonString) v).getString())
                    .filter(s -> !s.isBlank())
                    .toList();
        }
        return List.of();
    }

    /** Whether {@link #roles()} contains {@code role}. */
    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    /** The document as compact JSON text. */
    public String toJson() {
        return document.toString();
    }

    @Override
    public String toString() {
        // Not the document: it holds personal data and private metadata, which must not end up in logs by accident.
        return "ClerkUser[" + id() + ", updated_at=" + updatedAt() + "]";
    }

    private long longOrZero(String field) {
        JsonValue value = document.get(field);
        return value instanceof JsonNumber number ? number.longValue() : 0L;
    }

    private static String stringOrNull(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value instanceof JsonString string ? string.getString() : null;
    }
}
