package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClerkUserTest {

    private static JsonObject example() throws Exception {
        try (InputStream in = ClerkUserTest.class.getResourceAsStream("/clerk/user-example.json")) {
            return Json.createReader(in).readObject();
        }
    }

    private static JsonObject withPublicMetadata(JsonObject document, JsonValue metadata) {
        return Json.createObjectBuilder(document).add("public_metadata", metadata).build();
    }

    @Test
    void of_clerkExample_accessorsReadTheDocument() throws Exception {
        ClerkUser user = ClerkUser.of(example());

        assertEquals("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", user.id());
        assertEquals("ada.lovelace", user.username());
        assertEquals("Ada", user.firstName());
        assertEquals("Lovelace", user.lastName());
        assertEquals(1749390000123L, user.updatedAt());
        assertEquals(1749384248799L, user.createdAt());
        assertEquals("ada@example.com", user.primaryEmailAddress().orElseThrow());
        assertEquals(List.of("admin"), user.roles());
        assertTrue(user.hasRole("admin"));
        assertEquals(example(), Json.createReader(new java.io.StringReader(user.toJson())).readObject());
    }

    @Test
    void roles_array_allStringEntries() throws Exception {
        ClerkUser user = ClerkUser.of(withPublicMetadata(example(),
                Json.createObjectBuilder().add("role", Json.createArrayBuilder().add("expert").add(3).add("admin"))
                        .build()));

        assertEquals(List.of("expert", "admin"), user.roles());
    }

    @Test
    void roles_absentOrOtherType_empty() throws Exception {
        assertEquals(List.of(), ClerkUser.of(withPublicMetadata(example(), JsonValue.EMPTY_JSON_OBJECT)).roles());
        assertEquals(List.of(), ClerkUser.of(withPublicMetadata(example(),
                Json.createObjectBuilder().add("role", 1).build())).roles());
    }

    @Test
    void username_null_null() throws Exception {
        ClerkUser user = ClerkUser.of(Json.createObjectBuilder(example()).addNull("username").build());

        assertNull(user.username());
    }

    @Test
    void primaryEmailAddress_noPrimary_empty() throws Exception {
        ClerkUser user = ClerkUser.of(Json.createObjectBuilder(example()).addNull("primary_email_address_id").build());

        assertFalse(user.primaryEmailAddress().isPresent());
    }

    @Test
    void of_notAUser_rejected() throws Exception {
        JsonObject organization = Json.createObjectBuilder(example()).add("object", "organization").build();
        JsonObject noId = Json.createObjectBuilder(example()).remove("id").build();
        JsonObject badId = Json.createObjectBuilder(example()).add("id", "user_x").build();

        assertThrows(IllegalArgumentException.class, () -> ClerkUser.of(organization));
        assertThrows(IllegalArgumentException.class, () -> ClerkUser.of(noId));
        assertThrows(IllegalArgumentException.class, () -> ClerkUser.of(badId));
    }

    @Test
    void toString_anyUser_noPersonalData() throws Exception {
        String text = ClerkUser.of(example()).toString();

        assertFalse(text.contains("ada"), text);
        assertTrue(text.contains("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk"));
    }
}
