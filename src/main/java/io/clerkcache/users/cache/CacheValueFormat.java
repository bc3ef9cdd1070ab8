package io.clerkcache.users.cache;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.InvalidationMarker;

/**
 * The text form of cached values: JSON with a small envelope, so entries survive a redeploy and a class change and can
 * be read with {@code redis-cli}. No Java serialization.
 *
 * <pre>
 * {"v":1,"kind":"user","fetchedAt":1732550400000,"ttl":300000,"freshUntil":1732550712000,"loadMs":42,
 *  "user":{ ...Clerk's user document... }}
 * {"v":1,"kind":"username","fetchedAt":1732550400000,"id":"user_2x..."}
 * {"v":1,"kind":"missing","fetchedAt":1732550400000}                      (absence caches: Clerk knows none)
 * {"v":1,"kind":"invalidated","at":1732550400000,"token":"9f1c..."}        (left by an invalidation)
 * </pre>
 *
 * A user entry's {@code ttl} (ms), {@code freshUntil} (epoch ms) and {@code loadMs} are optional: an entry written
 * before they existed reads with the defaults of {@link CachedUser#CachedUser(ClerkUser, Instant)}, and code that
 * does not know them ignores them.
 *
 * <p>A value written in a format version this code does not know decodes to {@code null}: the cache then treats it as
 * a miss and overwrites it, instead of failing the lookup.
 */
public final class CacheValueFormat {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The format version written by this code. */
    public static final int VERSION = 1;

    private CacheValueFormat() {
    }

    /**
     * Encodes a cached value: a {@link CachedUser}, a {@link UsernameEntry}, or what the load path writes itself (an
     * {@link AbsentValue} or an {@link InvalidationMarker}).
     */
    public static String encode(Object value) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("v", VERSION);
        if (value instanceof CachedUser cu) {
            b.add("kind", "user").add("fetchedAt", cu.fetchedAt().toEpochMilli());
            if (cu.ttl() != null) {
                b.add("ttl", cu.ttl().toMillis());
            }
            if (cu.freshUntil() != null) {
                b.add("freshUntil", cu.freshUntil().toEpochMilli());
            }
            if (!cu.loadTime().isZero()) {
                b.add("loadMs", Math.max(1, cu.loadTime().toMillis())); // known, if under a millisecond
            }
            b.add("user", cu.user().document());
        } else if (value instanceof UsernameEntry ue) {
            b.add("kind", "username").add("fetchedAt", ue.fetchedAt().toEpochMilli()).add("id", ue.userId());
        } else if (value instanceof AbsentValue a) {
            b.add("kind", "missing").add("fetchedAt", a.at());
        } else if (value instanceof InvalidationMarker m) {
            b.add("kind", "invalidated").add("at", m.at()).add("token", m.token());
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
        String kind = o.getString("kind", "");
        try {
            return switch (kind) {
                case "user" -> new CachedUser(ClerkUser.of(o.getJsonObject("user")), fetchedAt(o),
                        o.containsKey("ttl") ? Duration.ofMillis(o.getJsonNumber("ttl").longValue()) : null,
                        o.containsKey("freshUntil") ? Instant.ofEpochMilli(o.getJsonNumber("freshUntil").longValue())
                                : null,
                        o.containsKey("loadMs") ? Duration.ofMillis(o.getJsonNumber("loadMs").longValue()) : null);
                case "username" -> new UsernameEntry(o.getString("id"), fetchedAt(o));
                case "missing" -> new AbsentValue(o.getJsonNumber("fetchedAt").longValue());
                case "invalidated" -> new InvalidationMarker(o.getString("token"), o.getJsonNumber("at").longValue());
                default -> throw new IllegalArgumentException("unknown cached value kind '" + kind + "'");
            };
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("cached value of kind '" + kind + "' is malformed", e);
        }
    }

    private static Instant fetchedAt(JsonObject o) {
        return Instant.ofEpochMilli(o.getJsonNumber("fetchedAt").longValue());
    }
}
