package io.clerkcache.users.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clerkcache.clerk.CallDeadline;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.ReadPolicy;

/**
 * How long a cached user is fresh, and what it is good for after that. The rules (docs/freshness.md has the why):
 * <ul>
 *   <li><b>Adaptive TTL.</b> Each entry carries its own TTL. A reload that finds the user unchanged (the same
 *       {@code updated_at}) doubles it, up to {@code clerk.cache.ttl-max}; a reload that finds it changed, or a
 *       webhook's update, halves it, down to {@code clerk.cache.ttl-min}. A user seen for the first time gets
 *       {@code clerk.cache.ttl}.</li>
 *   <li><b>Jitter.</b> The entry is fresh until {@code fetchedAt + ttl × (1 ± clerk.cache.ttl-jitter)}, drawn when it
 *       is written, so that entries written together do not expire together.</li>
 *   <li><b>Early refresh</b> (XFetch: Vattani, Chierichetti, Lowenstein, VLDB 2015). A hit on a fresh entry
 *       refreshes it when {@code now − δ·β·ln(rand()) ≥ freshUntil}, δ being how long the entry's load took and β
 *       {@code clerk.cache.early-refresh-beta}: the closer to expiry and the slower the load, the likelier.</li>
 *   <li><b>Stale-if-error.</b> Past its freshness the entry is reloaded; while it is younger than
 *       {@code freshUntil + clerk.cache.stale-if-error} it answers when Clerk is unavailable, times out or refuses
 *       for rate (not when Clerk refuses the service's credentials: that must surface at once).</li>
 *   <li>An entry read from Clerk before {@link RedisOutages#entriesValidAfter()} may have missed an invalidation: it
 *       is never fresh (reloaded; still answerable when Clerk fails).</li>
 * </ul>
 */
@ApplicationScoped
public class UserFreshness {

    private UserCacheConfig config;
    private Clock clock;
    private RedisOutages outages;
    private EntryRandom random;

    /** For CDI. */
    protected UserFreshness() {
    }

    @Inject
    public UserFreshness(UserCacheConfig config, Clock clock, RedisOutages outages, EntryRandom random) {
        this.config = config;
        this.clock = clock;
        this.outages = outages;
        this.random = random;
    }

    /**
     * The entry for {@code user} as Clerk answered it now, after a load that took {@code loadTime}, replacing
     * {@code previous} (the copy the load found, or {@code null}): its TTL adapted, its freshness drawn.
     */
    public CachedUser loaded(ClerkUser user, CachedUser previous, Duration loadTime) {
        Duration ttl;
        if (previous == null || !previous.user().id().equals(user.id())) {
            ttl = config.ttl();
        } else if (user.updatedAt() > previous.user().updatedAt()) {
            ttl = shorter(ttlOf(previous));
        } else {
            ttl = longer(ttlOf(previous));
        }
        return entry(user, ttl, loadTime);
    }

    /**
     * The entry for {@code user} as a change told it (a webhook, or Clerk's answer to a write), replacing
     * {@code previous} ({@code null} when none is cached): a user that changes lives shorter.
     */
    public CachedUser changed(ClerkUser user, CachedUser previous) {
        Duration ttl = shorter(previous == null ? config.ttl() : ttlOf(previous));
        return entry(user, ttl, previous == null ? Duration.ZERO : previous.loadTime());
    }

    private CachedUser entry(ClerkUser user, Duration ttl, Duration loadTime) {
        Instant now = clock.instant();
        double spread = config.ttlJitter() * (2 * random.next() - 1);
        long freshMillis = Math.max(1, Math.round(ttl.toMillis() * (1 + spread)));
        return new CachedUser(user, now, ttl, now.plusMillis(freshMillis), loadTime);
    }

    private Duration ttlOf(CachedUser entry) {
        return entry.ttl() != null ? entry.ttl() : config.ttl();
    }

    private Duration shorter(Duration ttl) {
        Duration half = ttl.dividedBy(2);
        return half.compareTo(config.ttlMin()) < 0 ? config.ttlMin() : half;
    }

    private Duration longer(Duration ttl) {
        Duration twice = ttl.multipliedBy(2);
        return twice.compareTo(config.ttlMax()) > 0 ? config.ttlMax() : twice;
    }

    /** Until when {@code entry} is fresh: its own {@code freshUntil}, else {@code fetchedAt + clerk.cache.ttl}. */
    public Instant freshUntil(CachedUser entry) {
        return entry.freshUntil() != null ? entry.freshUntil() : entry.fetchedAt().plus(config.ttl());
    }

    /** Whether {@code entry} is past its freshness now (so answering it is serving a stale copy). */
    public boolean isStale(CachedUser entry) {
        return !clock.instant().isBefore(effectiveFreshUntil(entry.fetchedAt(), freshUntil(entry)));
    }

    /** Whether a username index entry read at {@code fetchedAt} is past its freshness now. */
    public boolean isStale(UsernameEntry entry) {
        return !clock.instant().isBefore(effectiveFreshUntil(entry.fetchedAt(),
                entry.fetchedAt().plus(config.ttl())));
    }

    /** How old a copy is: the time since Clerk was read for it. */
    public Duration age(Instant fetchedAt) {
        Duration age = Duration.between(fetchedAt, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** The read policy of the user cache for lookups on the current thread (its wait bound is their deadline). */
    public ReadPolicy<CachedUser> users() {
        return users;
    }

    /** The read policy of the username index: fresh for {@code clerk.cache.ttl}, then as the users. */
    public ReadPolicy<UsernameEntry> usernames() {
        return usernames;
    }

    private final ReadPolicy<CachedUser> users = new Policy<>() {
        @Override
        public Freshness freshness(CachedUser entry) {
            return judge(entry.fetchedAt(), freshUntil(entry), entry.loadTime());
        }
    };

    private final ReadPolicy<UsernameEntry> usernames = new Policy<>() {
        @Override
        public Freshness freshness(UsernameEntry entry) {
            return judge(entry.fetchedAt(), entry.fetchedAt().plus(config.ttl()), Duration.ZERO);
        }
    };

    /** What the policies share: which failures a stale copy answers, and the wait bound. */
    private abstract static class Policy<V> implements ReadPolicy<V> {
        @Override
        public boolean serveStaleOn(Throwable failure) {
            return failure instanceof ClerkUnavailableException || failure instanceof ClerkRateLimitedException;
        }

        @Override
        public Duration maxWait() {
            return CallDeadline.remaining();
        }
    }

    private Instant effectiveFreshUntil(Instant fetchedAt, Instant freshUntil) {
        Instant validAfter = outages.entriesValidAfter();
        return fetchedAt.isBefore(validAfter) && freshUntil.isAfter(fetchedAt) ? fetchedAt : freshUntil;
    }

    ReadPolicy.Freshness judge(Instant fetchedAt, Instant freshUntil, Duration loadTime) {
        Instant now = clock.instant();
        Instant until = effectiveFreshUntil(fetchedAt, freshUntil);
        if (now.isBefore(until)) {
            double beta = config.earlyRefreshBeta();
            if (beta > 0 && !loadTime.isZero()) {
                // XFetch: refresh when now - delta * beta * ln(rand) >= freshUntil (ln(rand) <= 0)
                double r = random.next();
                double ahead = -loadTime.toNanos() * beta * Math.log(r > 0 ? r : Double.MIN_VALUE);
                if (Duration.between(now, until).toNanos() <= ahead) {
                    return ReadPolicy.Freshness.REFRESH;
                }
            }
            return ReadPolicy.Freshness.FRESH;
        }
        // the stale window runs from the entry's own freshness, an outage's distrust notwithstanding
        return !config.staleIfError().isZero() && now.isBefore(freshUntil.plus(config.staleIfError()))
                ? ReadPolicy.Freshness.STALE : ReadPolicy.Freshness.EXPIRED;
    }
}
