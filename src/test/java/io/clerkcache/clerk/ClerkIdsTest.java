package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClerkIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", "user_000000000000000000000000000",
        "user_01234567890123456789"})
    void isValidUserId_clerkIds_true(String id) {
        assertTrue(ClerkIds.isValidUserId(id));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"user_", "user_short", "org_2zK8mQp4TnV7xWbR1cYdE3fGhJk", "USER_2zK8mQp4TnV7xWbR1cYdE3fGhJk",
        "user_2zK8mQp4TnV7xWbR1cYdE3fGh/k", "user_2zK8mQp4TnV7xWbR1cYdE3fGhJk ", "user_2zK8mQp4TnV7xWbR1cYdE3fGhJk%00",
        "user_0123456789012345678901234567890123456789X"})
    void isValidUserId_malformed_false(String id) {
        assertFalse(ClerkIds.isValidUserId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada_lovelace", "ada.lovelace", "Ada-1", "x", "a234567890123456789012345678901234567890123456789012345678901234"})
    void isValidUsername_clerkUsernames_true(String username) {
        assertTrue(ClerkIds.isValidUsername(username));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ada lovelace", "ada@example.com", "ada/../x", "ådå",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void isValidUsername_malformed_false(String username) {
        assertFalse(ClerkIds.isValidUsername(username));
    }

    @Test
    void requireValidUserId_controlCharacters_messageShowsThemEscaped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClerkIds.requireValidUserId("user_\n\u0000"));

        assertEquals("Not a Clerk user id: \"user_??\"", e.getMessage());
    }
}
