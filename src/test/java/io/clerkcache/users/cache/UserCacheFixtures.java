package io.clerkcache.users.cache;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import io.clerkcache.clerk.ClerkUser;

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
        return new UserCacheConfig(Optional.ofNullable(redisUrl), Optional.empty(), Duration.ofMillis(300),
                Duration.ofMillis(500), 0, ttl, Duration.ofSeconds(60),
                "test:" + UUID.randomUUID() + ":", 1000, 1000, "private_metadata", Optional.of(INTEGRITY_KEY));
    }
}
