package io.clerkcache.users.cache;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.InvalidationMarker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheValueFormatTest {

    private static final Instant AT = Instant.ofEpochMilli(1_750_000_000_123L);

    @Test
    void encode_user_roundTripsClerksDocumentUnchanged() {
        ClerkUser user = UserCacheFixtures.exampleUser();

        String text = CacheValueFormat.encode(new CachedUser(user, AT));
        Object decoded = CacheValueFormat.decode(text);

        assertTrue(text.startsWith("{\"v\":1,\"kind\":\"user\",\"fetchedAt\":1750000000123,\"user\":{"), text);
        assertEquals(new CachedUser(user, AT), decoded);
    }

    @Test
    void encode_userWithLifetime_roundTripsTtlFreshnessAndLoadTime() {
        CachedUser entry = new CachedUser(UserCacheFixtures.exampleUser(), AT, java.time.Duration.ofSeconds(600),
                AT.plusSeconds(570), java.time.Duration.ofMillis(42));

        String text = CacheValueFormat.encode(entry);

        assertTrue(text.contains("\"ttl\":600000,\"freshUntil\":1750000570123,\"loadMs\":42"), text);
        assertEquals(entry, CacheValueFormat.decode(text));
    }

    @Test
    void decode_userOfTheFormatBeforeLifetimes_readsWithoutTtlAndFreshness() {
        String old = "{\"v\":1,\"kind\":\"user\",\"fetchedAt\":1750000000123,\"user\":"
                + UserCacheFixtures.exampleUser().document() + "}";

        CachedUser decoded = (CachedUser) CacheValueFormat.decode(old);

        assertEquals(AT, decoded.fetchedAt());
        assertNull(decoded.ttl());
        assertNull(decoded.freshUntil());
        assertEquals(java.time.Duration.ZERO, decoded.loadTime());
    }

    @Test
    void encode_usernameEntry_roundTrips() {
        UsernameEntry entry = new UsernameEntry("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", AT);

        assertEquals(entry, CacheValueFormat.decode(CacheValueFormat.encode(entry)));
    }

    @Test
    void encode_absence_roundTripsAsKindMissing() {
        AbsentValue absent = new AbsentValue(AT.toEpochMilli());

        String text = CacheValueFormat.encode(absent);

        assertEquals("{\"v\":1,\"kind\":\"missing\",\"fetchedAt\":1750000000123}", text);
        assertEquals(absent, CacheValueFormat.decode(text));
    }

    @Test
    void encode_invalidationMarker_roundTripsWithItsToken() {
        InvalidationMarker marker = InvalidationMarker.create();

        String text = CacheValueFormat.encode(marker);

        assertTrue(text.startsWith("{\"v\":1,\"kind\":\"invalidated\""), text);
        assertEquals(marker, CacheValueFormat.decode(text), "a marker must compare equal after a round trip, or a"
                + " load's replace over it could never succeed");
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
    void decode_unknownKind_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> CacheValueFormat.decode("{\"v\":1,\"kind\":\"other\"}"));
    }

    @Test
    void encode_foreignValue_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> CacheValueFormat.encode("a string"));
    }
}
