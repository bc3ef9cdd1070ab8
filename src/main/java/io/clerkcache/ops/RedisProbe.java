package io.clerkcache.ops;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.users.cache.UserCaches;

/**
 * Whether Redis answers, for health and stats: one cheap command ({@code EXISTS} on a key of this deployment's
 * prefix) under the configured {@code redis.timeout}, its result kept for {@link #MAX_AGE_MILLIS} so that frequent
 * probes do not load Redis; through Redis's breaker, so that an open breaker answers {@link State#DOWN} without a
 * command. Never throws.
 */
@ApplicationScoped
public class RedisProbe {

    /** How long a probe's result is reused. */
    static final long MAX_AGE_MILLIS = 2_000;

    /** What a probe found. */
    public enum State {
        /** No Redis configured: the caches are in memory. */
        NOT_CONFIGURED,
        /** Redis answered. */
        UP,
        /** Redis did not answer in time, or refused. */
        DOWN
    }

    private record Probe(State state, long at) {
    }

    private final AtomicReference<Probe> last = new AtomicReference<>();
    private UserCaches caches;

    /** For CDI. */
    protected RedisProbe() {
    }

    @Inject
    public RedisProbe(UserCaches caches) {
        this.caches = caches;
    }

    /** The state of Redis, probed at most every {@link #MAX_AGE_MILLIS}. */
    public State state() {
        long now = System.currentTimeMillis();
        Probe p = last.get();
        if (p != null && now - p.at() < MAX_AGE_MILLIS) {
            return p.state();
        }
        State s = probe();
        last.set(new Probe(s, now));
        return s;
    }

    private State probe() {
        try {
            RedissonClient redis = caches.redis().orElse(null);
            if (redis == null) {
                return State.NOT_CONFIGURED;
            }
            caches.breaker().orElseThrow().call(() -> redis.getBucket(caches.keyPrefix() + "probe",
                    StringCodec.INSTANCE).isExists());
            return State.UP;
        } catch (RuntimeException e) {
            return State.DOWN;
        }
    }
}
