package io.clerkcache.users.cache;

import java.io.StringReader;
import java.time.Instant;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import io.clerkcache.clerk.ClerkUser;

/**
 * The text form of cached values: JSON with a small envelope, so entries survive a redeploy and a class change and can
 * be read with {@code redis-cli}. No Java serialization.
 *
 * <pre>
 * {"v":1,"kind":"user","fetchedAt":1732550400000,"user":{ ...Clerk's user document... }}
 * {"v":1,"kind":"missing","fetchedAt":1732550400000}
 * {"v":1,"kind":"username","fetchedAt":1732550400000,"id":"user_2x..."}    (id absent: negative entry)
 * </pre>
 *
 * A value written in a format version this code does not know decodes to {@code null}: the cache then treats it as
 * a miss and overwrites it, instead of failing the lookup.
 */
public final class CacheValueFormat {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The format version written by this code. */
    public static final int VERSION = 1;

    private CacheValueFormat() {
    }

    /** Encodes a cached value ({@link CachedUser} or {@link UsernameEntry}). */
    public static String encode(Object value) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("v", VERSION);
        if (value instanceof CachedUser cu) {
            b.add("kind", cu.isMissing() ? "missing" : "user").add("fetchedAt", cu.fetchedAt().toEpochMilli());
            if (!cu.isMissing()) {
                b.add("user", cu.user().document());
            }
        } else if (value instanceof UsernameEntry ue) {
            b.add("kind", "username").add("fetchedAt", ue.fetchedAt().toEpochMilli());
            if (!ue.isMissing()) {
                b.add("id", ue.userId());
            }
        } else {
            throw new IllegalArgumentException("not a cacheable user value: "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return b.build().toString();
    }

    /**
     * Decodes a value written by {@link #encode(Object)}.
     *
     * @return the value, or {@code null} if it was written in an unknown format version
     * @throws IllegalArgumentException if the text is not such a value at all
     */
    public static Object decode(String text) {
        JsonObject o;
        try (JsonReader r = JSON.createReader(new StringReader(text))) {
            o = r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cached value is not JSON", e);
        }
        if (o.getInt("v", -1) != VERSION) {
            return null;
        }
        Instant fetchedAt = Instant.ofEpochMilli(o.getJsonNumber("fetchedAt").longValue());
        String kind = o.getString("kind", "");
        return switch (kind) {
            case "user" -> CachedUser.found(ClerkUser.of(o.getJsonObject("user")), fetchedAt);
            case "missing" -> CachedUser.missing(fetchedAt);
            case "username" -> o.containsKey("id") && o.get("id").getValueType() == JsonValue.ValueType.STRING
                    ? UsernameEntry.of(o.getString("id"), fetchedAt)
                    : UsernameEntry.missing(fetchedAt);
            default -> throw new IllegalArgumentException("unknown cached value kind '" + kind + "'");
        };
    }
}
