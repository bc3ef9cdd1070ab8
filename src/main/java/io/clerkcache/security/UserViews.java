package io.clerkcache.security;

import java.util.Collection;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import io.clerkcache.clerk.ClerkUser;

/** Projections of a Clerk user document for callers who may not see all of it. */
public final class UserViews {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The field that is never part of a view unless configured: Clerk keeps it from the user's own front end too. */
    public static final String PRIVATE_METADATA = "private_metadata";

    private UserViews() {
    }

    /**
     * The user's public profile: {@code id} and those of {@code fields} the document has, in the order of
     * {@code fields}, values unchanged ({@code null}s kept, so that "no username" stays visible as such).
     * {@code private_metadata} is never included.
     */
    public static JsonObject publicProfile(ClerkUser user, Collection<String> fields) {
        JsonObject document = user.document();
        JsonObjectBuilder profile = JSON.createObjectBuilder().add("id", user.id());
        for (String field : fields) {
            JsonValue value = document.get(field);
            if (value != null && !field.equals("id") && !field.equals(PRIVATE_METADATA)) {
                profile.add(field, value);
            }
        }
        return profile.build();
    }

    /** The whole document without {@code private_metadata}. */
    public static JsonObject withoutPrivateMetadata(ClerkUser user) {
        JsonObject document = user.document();
        if (!document.containsKey(PRIVATE_METADATA)) {
            return document;
        }
        return JSON.createObjectBuilder(document).remove(PRIVATE_METADATA).build();
    }
}
