package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import io.clerkcache.clerk.ClerkIds;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The changes to simulated users, with Clerk's validation and answers: the Backend API's {@code PATCH /users/{id}}
 * (profile fields), {@code PATCH /users/{id}/metadata} (deep merge) and {@code DELETE /users/{id}}, and the control
 * endpoints' edit, which takes both kinds of field at once. Every change bumps {@code updated_at} and is reported to
 * {@link SimulatorWebhooks} while the write lock is held, so that events are recorded in the order of the changes.
 */
final class UserWrites {

    private static final Set<String> PROFILE_FIELDS = Set.of("first_name", "last_name", "username", "external_id",
            "locale");
    private static final Set<String> METADATA_FIELDS = Set.of("public_metadata", "private_metadata",
            "unsafe_metadata");

    private final SimulatedUsers users;
    private final ClerkResponses responses;
    private final Clock clock;
    private final SimulatorWebhooks webhooks;

    UserWrites(SimulatedUsers users, ClerkResponses responses, Clock clock, SimulatorWebhooks webhooks) {
        this.users = users;
        this.responses = responses;
        this.clock = clock;
        this.webhooks = webhooks;
    }

    /** {@code PATCH /users/{id}}: profile fields only; from API version 2026-05-12 metadata goes through /metadata. */
    SimulatorResponse patchProfile(String id, String body) {
        Object parsed = responses.parseObject(body);
        if (parsed instanceof SimulatorResponse invalid) {
            return invalid;
        }
        JsonObject patch = (JsonObject) parsed;
        for (String field : patch.keySet()) {
            SimulatorResponse invalid = PROFILE_FIELDS.contains(field) ? checkProfileValue(field, patch.get(field))
                    : responses.unknownParam(field);
            if (invalid != null) {
                return invalid;
            }
        }
        return apply(id, patch, JsonValue.EMPTY_JSON_OBJECT);
    }

    /** {@code PATCH /users/{id}/metadata}: deep-merges each metadata object sent. */
    SimulatorResponse patchMetadata(String id, String body) {
        Object parsed = responses.parseObject(body);
        if (parsed instanceof SimulatorResponse invalid) {
            return invalid;
        }
        JsonObject patch = (JsonObject) parsed;
        for (String field : patch.keySet()) {
            SimulatorResponse invalid = METADATA_FIELDS.contains(field) ? checkMetadataValue(field, patch.get(field))
                    : responses.unknownParam(field);
            if (invalid != null) {
                return invalid;
            }
        }
        return apply(id, JsonValue.EMPTY_JSON_OBJECT, patch);
    }

    /**
     * The control endpoints' edit: profile fields and metadata objects together, checked as the two API calls check
     * them, applied as one change.
     */
    SimulatorResponse edit(String id, JsonObject change) {
        JsonObjectBuilder profile = JSON.createObjectBuilder();
        JsonObjectBuilder metadata = JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> field : change.entrySet()) {
            String name = field.getKey();
            SimulatorResponse invalid;
            if (PROFILE_FIELDS.contains(name)) {
                invalid = checkProfileValue(name, field.getValue());
                profile.add(name, field.getValue());
            } else if (METADATA_FIELDS.contains(name)) {
                invalid = checkMetadataValue(name, field.getValue());
                metadata.add(name, field.getValue());
            } else {
                invalid = responses.unknownParam(name);
            }
            if (invalid != null) {
                return invalid;
            }
        }
        return apply(id, profile.build(), metadata.build());
    }

    /** {@code DELETE /users/{id}}: Clerk's deleted-object answer, or 404. */
    SimulatorResponse delete(String id) {
        synchronized (users.lock()) {
            if (users.remove(id) == null) {
                return responses.notFound();
            }
            webhooks.userDeleted(id);
            return SimulatorResponse.json(200, deleted(id));
        }
    }

    /** Generates {@code count} more users of the seed sequence, each a {@code user.created}; returns the total. */
    int add(int count) {
        synchronized (users.lock()) {
            users.add(count).forEach(webhooks::userCreated);
            return users.count();
        }
    }

    /** Clerk's answer to a delete, also the {@code data} of a {@code user.deleted} event. */
    static JsonObject deleted(String id) {
        return JSON.createObjectBuilder().add("object", "user").add("id", id).add("deleted", true).build();
    }

    /** Clerk's merge: objects merge recursively, {@code null} removes the key, anything else replaces. */
    static JsonObject deepMerge(JsonObject target, JsonObject patch) {
        JsonObjectBuilder merged = JSON.createObjectBuilder(target);
        for (Map.Entry<String, JsonValue> entry : patch.entrySet()) {
            JsonValue value = entry.getValue();
            if (value == JsonValue.NULL || value.getValueType() == JsonValue.ValueType.NULL) {
                merged.remove(entry.getKey());
            } else if (value instanceof JsonObject object && target.get(entry.getKey()) instanceof JsonObject current) {
                merged.add(entry.getKey(), deepMerge(current, object));
            } else {
                merged.add(entry.getKey(), value);
            }
        }
        return merged.build();
    }

    private SimulatorResponse checkProfileValue(String field, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.STRING && value.getValueType() != JsonValue.ValueType.NULL) {
            return responses.invalidParam(field, field + " must be a string or null");
        }
        if (field.equals("username") && value instanceof JsonString s && !s.getString().isEmpty()
                && !ClerkIds.isValidUsername(s.getString())) {
            return responses.error(422, "form_username_invalid_character", "Username is invalid",
                    "Username can only contain letters, numbers, '_', '-' and '.'.", Map.of("param_name", "username"));
        }
        return null;
    }

    private SimulatorResponse checkMetadataValue(String field, JsonValue value) {
        return value.getValueType() == JsonValue.ValueType.OBJECT ? null
                : responses.invalidParam(field, field + " must be an object");
    }

    /** Applies checked profile fields and metadata patches to one user, atomically. */
    private SimulatorResponse apply(String id, JsonObject profile, JsonObject metadata) {
        synchronized (users.lock()) {
            JsonObject user = users.get(id);
            if (user == null) {
                return responses.notFound();
            }
            JsonObjectBuilder updated = JSON.createObjectBuilder(user);
            for (Map.Entry<String, JsonValue> change : profile.entrySet()) {
                JsonValue value = change.getValue();
                if (change.getKey().equals("username")) {
                    // Clerk removes the username for null or "".
                    String name = value instanceof JsonString s && !s.getString().isEmpty() ? s.getString() : null;
                    String holder = name == null ? null : users.idOfUsername(name);
                    if (holder != null && !holder.equals(id)) {
                        return responses.error(422, "form_identifier_exists",
                                "That username is taken. Please try another.",
                                "That username is taken. Please try another.", Map.of("param_name", "username"));
                    }
                    updated.add("username", name == null ? JsonValue.NULL : JSON.createValue(name));
                } else {
                    updated.add(change.getKey(), value);
                }
            }
            for (String field : metadata.keySet()) {
                JsonObject current = user.get(field) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                updated.add(field, deepMerge(current, metadata.getJsonObject(field)));
            }
            // Strictly later than before, even within one millisecond: updated_at orders versions of a user.
            long updatedAt = Math.max(clock.millis(), user.getJsonNumber("updated_at").longValue() + 1);
            JsonObject saved = updated.add("updated_at", updatedAt).build();
            users.replace(user, saved);
            webhooks.userUpdated(saved);
            return SimulatorResponse.json(200, saved);
        }
    }
}
