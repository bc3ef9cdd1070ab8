package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkConfigurationException;
import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.config.MapConfig;
import io.clerkcache.jcache.ReadPolicy.Freshness;
import io.clerkcache.simulator.TestClock;

/**
 * The lifetime rules of user entries, one at a time, with a clock the test moves and random draws the test chooses:
 * jitter, early refresh (XFetch), stale-if-error's window, adaptive TTL, the outage instant, and entries of the
 * older format.
 */
class UserFreshnessTest {

    static final Duration TTL = Duration.ofSeconds(300);

    final TestClock clock = new TestClock();
    final Map<String, String> settings = new HashMap<>(Map.of("clerk.cache.ttl", "300s"));
    double draw = 0.5;
    Instant validAfter = Instant.EPOCH;

    /** The random source, answering the draw the test set. */
    final class FixedRandom extends EntryRandom {
        @Override
        public double next() {
            return draw;
        }
    }

    final class Outages extends RedisOutages {
        @Override
        public Instant entriesValidAfter() {
            return validAfter;
        }
    }

    UserFreshness freshness() {
        return new UserFreshness(new UserCacheConfig(MapConfig.of(settings)), clock, new Outages(), new FixedRandom());
    }

    static ClerkUser user(long updatedAt) {
        return ClerkUser.of(Json.createObjectBuilder().add("object", "user").add("id", "user_2aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .add("updated_at", updatedAt).build());
    }

    @Test
    void loaded_drawsFreshnessWithinJitterOfTtl() {
        UserFreshness f = freshness();
        draw = 0.0;
        assertEquals(clock.instant().plus(Duration.ofSeconds(270)), f.loaded(user(1), null, Duration.ZERO).freshUntil());
        draw = 0.9999999;
        assertEquals(330, Duration.between(clock.instant(), f.loaded(user(1), null, Duration.ZERO).freshUntil())
                .toSeconds());
        draw = 0.5;
        assertEquals(clock.instant().plus(TTL), f.loaded(user(1), null, Duration.ZERO).freshUntil());
    }

    @Test
    void loaded_withRealRandom_freshnessSpreadsOverTheWholeJitterRange() {
        UserFreshness f = new UserFreshness(new UserCacheConfig(MapConfig.of(settings)), clock, new Outages(),
                new EntryRandom());
        Set<Long> seen = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long ms = Duration.between(clock.instant(), f.loaded(user(1), null, Duration.ZERO).freshUntil()).toMillis();
            assertTrue(ms >= 270_000 && ms <= 330_000, ms + " ms is outside ttl ± 10 %");
            seen.add(ms);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(seen.size() > 1000, "entries written together get different expiries: " + seen.size());
        assertTrue(min < 273_000 && max > 327_000, "the spread covers ±10 %: " + min + ".." + max);
    }

    @Test
    void jitterZero_everyEntryFreshForExactlyTheTtl() {
        settings.put("clerk.cache.ttl-jitter", "0");
        UserFreshness f = freshness();
        draw = 0.0;
        assertEquals(clock.instant().plus(TTL), f.loaded(user(1), null, Duration.ZERO).freshUntil());
    }

    @Test
    void earlyRefresh_farFromExpiry_fresh_nearExpiry_refresh() {
        UserFreshness f = freshness();
        CachedUser entry = f.loaded(user(1), null, Duration.ofMillis(100)); // fresh for 300 s, δ = 100 ms
        draw = Math.exp(-5); // -ln(r) = 5: refresh within δ·β·5 = 500 ms of expiry

        clock.advance(Duration.ofSeconds(290));
        assertEquals(Freshness.FRESH, f.users().freshness(entry), "10 s before expiry");
        clock.advance(Duration.ofMillis(9_400));
        assertEquals(Freshness.FRESH, f.users().freshness(entry), "600 ms before expiry");
        clock.advance(Duration.ofMillis(200));
        assertEquals(Freshness.REFRESH, f.users().freshness(entry), "400 ms before expiry");
        draw = 0.999; // a draw near 1 almost never refreshes early
        assertEquals(Freshness.FRESH, f.users().freshness(entry));
    }

    @Test
    void earlyRefresh_betaZero_neverRefreshesEarly() {
        settings.put("clerk.cache.early-refresh-beta", "0");
        UserFreshness f = freshness();
        CachedUser entry = f.loaded(user(1), null, Duration.ofSeconds(10));
        draw = 1e-300;
        clock.advance(Duration.ofSeconds(299));
        assertEquals(Freshness.FRESH, f.users().freshness(entry));
    }

    @Test
    void pastFreshness_staleWithinWindow_expiredBeyond() {
        settings.put("clerk.cache.stale-if-error", "10m");
        UserFreshness f = freshness();
        CachedUser entry = f.loaded(user(1), null, Duration.ZERO);

        clock.advance(TTL);
        assertEquals(Freshness.STALE, f.users().freshness(entry));
        assertTrue(f.isStale(entry));
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertEquals(Freshness.STALE, f.users().freshness(entry));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Freshness.EXPIRED, f.users().freshness(entry));
    }

    @Test
    void staleIfErrorZero_pastFreshnessExpired() {
        settings.put("clerk.cache.stale-if-error", "0");
        UserFreshness f = freshness();
        CachedUser entry = f.loaded(user(1), null, Duration.ZERO);
        clock.advance(TTL);
        assertEquals(Freshness.EXPIRED, f.users().freshness(entry));
    }

    @Test
    void staleServedOnlyForUnavailableAndRateLimited() {
        UserFreshness f = freshness();
        assertTrue(f.users().serveStaleOn(new ClerkUnavailableException(ClerkOperation.GET_USER, 503, null, null,
                "down", null)));
        assertTrue(f.users().serveStaleOn(new ClerkRateLimitedException(ClerkOperation.GET_USER,
                Duration.ofSeconds(1))));
        assertFalse(f.users().serveStaleOn(new ClerkConfigurationException(ClerkOperation.GET_USER, 401, null, null)));
        assertFalse(f.users().serveStaleOn(new IllegalStateException()));
    }

    @Test
    void entryFetchedBeforeOutageEnded_notFreshButStillStale() {
        UserFreshness f = freshness();
        CachedUser entry = f.loaded(user(1), null, Duration.ZERO);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Freshness.FRESH, f.users().freshness(entry));

        validAfter = clock.instant();
        assertEquals(Freshness.STALE, f.users().freshness(entry), "it may have missed an invalidation");
        CachedUser after = f.loaded(user(1), entry, Duration.ZERO);
        clock.advance(Duration.ofMillis(1));
        assertEquals(Freshness.FRESH, f.users().freshness(after));
    }

    @Test
    void adaptiveTtl_unchangedDoublesUpToMax_changedHalvesDownToMin() {
        settings.put("clerk.cache.ttl-min", "60s");
        settings.put("clerk.cache.ttl-max", "1000s");
        UserFreshness f = freshness();
        CachedUser entry = f.loaded(user(1), null, Duration.ZERO);
        assertEquals(TTL, entry.ttl());

        entry = f.loaded(user(1), entry, Duration.ZERO);
        assertEquals(Duration.ofSeconds(600), entry.ttl());
        entry = f.loaded(user(1), entry, Duration.ZERO);
        assertEquals(Duration.ofSeconds(1000), entry.ttl(), "capped at ttl-max");
        entry = f.loaded(user(1), entry, Duration.ZERO);
        assertEquals(Duration.ofSeconds(1000), entry.ttl());

        entry = f.loaded(user(2), entry, Duration.ZERO);
        assertEquals(Duration.ofSeconds(500), entry.ttl(), "a newer updated_at halves it");
        entry = f.changed(user(3), entry);
        assertEquals(Duration.ofSeconds(250), entry.ttl(), "a webhook's change halves it");
        entry = f.changed(user(4), entry);
        entry = f.changed(user(5), entry);
        assertEquals(Duration.ofMillis(62_500), entry.ttl());
        entry = f.changed(user(6), entry);
        assertEquals(Duration.ofSeconds(60), entry.ttl(), "floored at ttl-min");
    }

    @Test
    void defaults_ttlMinFifthAndTtlMaxFourTimesTheTtl() {
        UserCacheConfig config = new UserCacheConfig(MapConfig.of(settings));
        assertEquals(Duration.ofSeconds(60), config.ttlMin());
        assertEquals(Duration.ofSeconds(1200), config.ttlMax());
        assertEquals(Duration.ofHours(1), config.staleIfError());
        assertEquals(Duration.ofSeconds(2), config.lookupDeadline());
        assertEquals(Duration.ofSeconds(1320).plusHours(1), config.userEntryLifetime(),
                "kept for the longest freshness with jitter, then the stale window");
    }

    @Test
    void invalidSettings_failNamingTheKey() {
        for (Map.Entry<String, String> bad : Map.of("clerk.cache.ttl-jitter", "0.9",
                "clerk.cache.early-refresh-beta", "-1", "clerk.cache.ttl-min", "301s", "clerk.cache.ttl-max", "299s",
                "clerk.cache.stale-if-error", "-1s", "clerk.lookup-deadline", "0s").entrySet()) {
            Map<String, String> values = new HashMap<>(settings);
            values.put(bad.getKey(), bad.getValue());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new UserCacheConfig(MapConfig.of(values)));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void entryOfOlderFormat_freshForTheConfiguredTtlFromFetchedAt() {
        UserFreshness f = freshness();
        CachedUser old = new CachedUser(user(1), clock.instant());
        assertNull(old.ttl());
        assertEquals(clock.instant().plus(TTL), f.freshUntil(old));
        assertEquals(Duration.ofSeconds(600), f.loaded(user(1), old, Duration.ZERO).ttl(),
                "its reload adapts from the configured TTL");
    }
}
