package io.clerkcache.users.cache;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.config.MapConfig;

/** Test data and configurations shared by the user cache tests. */
final class UserCacheFixtures {

    private UserCacheFixtures() {
    }

    /** The fully populated example user from Clerk's User schema. */
    static ClerkUser exampleUser() {
        try (InputStream in = UserCacheFixtures.class.getResourceAsStream("/clerk/user-example.json");
             JsonReader reader = Json.createReader(in)) {
            return ClerkUser.of(reader.readObject());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example user with another id and username. */
    static ClerkUser exampleUser(String id, String username) {
        JsonObject doc = Json.createObjectBuilder(exampleUser().document()).add("id", id).add("username", username)
                .build();
        return ClerkUser.of(doc);
    }

    /** The entry integrity key of the test configurations (base64 of 32 bytes). */
    static final String INTEGRITY_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    /**
     * A configuration with a unique key prefix, on the given Redis URL (or in memory for {@code null}), the default
     * projection and a fixed integrity key (so no Clerk configuration is needed to derive one).
     */
    static UserCacheConfig config(String redisUrl, Duration ttl) {
        Map<String, String> values = new HashMap<>();
        if (redisUrl != null) {
            values.put("redis.url", redisUrl);
        }
        values.put("redis.timeout", "300ms");
        values.put("redis.connect-timeout", "500ms");
        values.put("clerk.cache.ttl", ttl.toMillis() + "ms");
        values.put("clerk.cache.key-prefix", "test:" + UUID.randomUUID() + ":");
        values.put("clerk.cache.max-entries", "1000");
        values.put("clerk.cache.integrity-key", INTEGRITY_KEY);
        return new UserCacheConfig(MapConfig.of(values));
    }
}
