package io.clerkcache.webhook;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.users.cache.UserCaches;

/**
 * Which webhook deliveries ({@code svix-id}s) were applied, shared by every instance through Redis (in this JVM when
 * the caches are in memory), so that a redelivered event is applied once.
 *
 * <p>A delivery first <em>claims</em> its id for {@link #PROCESSING_TTL} (an atomic set-if-absent), is applied, then
 * marks the id <em>done</em> for {@code clerk.webhook.dedupe-ttl}; if it could not be applied, the claim is released
 * so that Svix's next attempt applies it. An instance that dies between claim and done leaves a claim that expires, so
 * that a later attempt goes through.
 *
 * <p>With Redis, every command goes through its {@link io.clerkcache.users.cache.RedisBreaker}: while the breaker is
 * open, {@link #claim} throws at once (the receiver answers 503 and Svix delivers again later, when Redis can record
 * it), without waiting for a Redis timeout.
 */
@ApplicationScoped
public class DeliveryLog {

    /** How long a claim holds off other deliveries of the same id while the first is applied. */
    static final Duration PROCESSING_TTL = Duration.ofSeconds(60);
    private static final String PROCESSING = "processing";
    private static final String DONE = "done";
    /** The in-memory log keeps at most this many ids (a delivery forgotten early is applied again: idempotent). */
    private static final long LOCAL_MAX_IDS = 100_000;

    /** What {@link #claim} found. */
    public enum Claim {
        /** This delivery applies the event. */
        CLAIMED,
        /** The event was applied already. */
        DONE,
        /** Another delivery of it is being applied right now. */
        IN_PROGRESS
    }

    private UserCaches caches;
    private Duration dedupeTtl;
    private volatile Cache<String, String> local;

    /** For CDI. */
    protected DeliveryLog() {
    }

    @Inject
    public DeliveryLog(UserCaches caches, WebhookConfig config) {
        this.caches = caches;
        this.dedupeTtl = config.dedupeTtl();
    }

    /**
     * Claims a delivery id.
     *
     * @throws RuntimeException Redis's exception when the log could not be read or written
     */
    public Claim claim(String svixId) {
        RedissonClient redis = caches.redis().orElse(null);
        if (redis == null) {
            String previous = local().asMap().putIfAbsent(svixId, PROCESSING);
            return previous == null ? Claim.CLAIMED : DONE.equals(previous) ? Claim.DONE : Claim.IN_PROGRESS;
        }
        return caches.breaker().orElseThrow().call(() -> claimIn(bucket(redis, svixId)));
    }

    private Claim claimIn(RBucket<String> bucket) {
        if (bucket.setIfAbsent(PROCESSING, PROCESSING_TTL)) {
            return Claim.CLAIMED;
        }
        String state = bucket.get();
        if (state == null) {
            // the claim expired between the two calls: try once more
            return bucket.setIfAbsent(PROCESSING, PROCESSING_TTL) ? Claim.CLAIMED : Claim.IN_PROGRESS;
        }
        return DONE.equals(state) ? Claim.DONE : Claim.IN_PROGRESS;
    }

    /**
     * Marks a claimed delivery applied.
     *
     * @throws RuntimeException Redis's exception (the event was applied; a redelivery applies it again, harmlessly)
     */
    public void done(String svixId) {
        RedissonClient redis = caches.redis().orElse(null);
        if (redis == null) {
            local().put(svixId, DONE);
            return;
        }
        caches.breaker().orElseThrow().run(() -> bucket(redis, svixId).set(DONE, dedupeTtl));
    }

    /** Releases a claim whose event could not be applied; a failure here only delays the next attempt. */
    public void release(String svixId) {
        try {
            RedissonClient redis = caches.redis().orElse(null);
            if (redis == null) {
                local().invalidate(svixId);
            } else {
                caches.breaker().orElseThrow().call(() -> bucket(redis, svixId).delete());
            }
        } catch (RuntimeException e) {
            // the claim expires by itself after PROCESSING_TTL
        }
    }

    private RBucket<String> bucket(RedissonClient redis, String svixId) {
        return redis.getBucket(caches.keyPrefix() + "webhook:" + svixId, StringCodec.INSTANCE);
    }

    private Cache<String, String> local() {
        Cache<String, String> l = local;
        if (l == null) {
            synchronized (this) {
                l = local;
                if (l == null) {
                    l = Caffeine.newBuilder().maximumSize(LOCAL_MAX_IDS)
                            .expireAfterWrite(dedupeTtl.toMillis(), TimeUnit.MILLISECONDS).build();
                    local = l;
                }
            }
        }
        return l;
    }
}
