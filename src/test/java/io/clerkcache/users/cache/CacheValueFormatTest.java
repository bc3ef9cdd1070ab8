package io.clerkcache.users.cache;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheValueFormatTest {

    private static final Instant AT = Instant.ofEpochMilli(1_750_000_000_123L);

    @Test
    void encode_user_roundTripsClerksDocumentUnchanged() {
        ClerkUser user = UserCacheFixtures.exampleUser();

        String text = CacheValueFormat.encode(CachedUser.found(user, AT));
        Object decoded = CacheValueFormat.decode(text);

        assertTrue(text.startsWith("{\"v\":1,\"kind\":\"user\",\"fetchedAt\":1750000000123,\"user\":{"), text);
        assertEquals(CachedUser.found(user, AT), decoded);
    }

    @Test
    void encode_negativeEntries_roundTrip() {
        assertEquals(CachedUser.missing(AT), CacheValueFormat.decode(CacheValueFormat.encode(CachedUser.missing(AT))));
        assertEquals(UsernameEntry.missing(AT),
                CacheValueFormat.decode(CacheValueFormat.encode(UsernameEntry.missing(AT))));
        assertEquals(UsernameEntry.of("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", AT),
                CacheValueFormat.decode(CacheValueFormat.encode(UsernameEntry.of("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", AT))));
    }

    @Test
    void decode_unknownFormatVersion_isNullSoTheEntryIsAMiss() {
        assertNull(CacheValueFormat.decode("{\"v\":2,\"kind\":\"user\",\"fetchedAt\":1,\"user\":{}}"));
    }

    @Test
    void decode_notJson_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> CacheValueFormat.decode("\u00ac\u00ed\u0000\u0005sr"));
    }

    @Test
    void encode_foreignValue_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> CacheValueFormat.encode("a string"));
    }
}
