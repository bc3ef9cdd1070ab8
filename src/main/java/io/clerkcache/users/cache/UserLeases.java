package io.clerkcache.users.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.cache.Cache;

import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.clerk.CallDeadline;
import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.jcache.ReadPolicy;
import io.clerkcache.jcache.ValueLoader;
import io.clerkcache.metrics.Recorder;

/**
 * Single flight across instances for one cold key: the load path's own single flight is per JVM, so two instances
 * that miss the same key at once would each ask Clerk. The caller that leads the load in its JVM first takes a short
 * lease in Redis ({@code SET <prefix>lease:<cache>:<key> <owner> NX PX <clerk.cache.lease-ttl>}); a leader that finds
 * the lease held waits for the holder's answer to appear in the cache (polling, for at most
 * {@code clerk.cache.lease-wait} and never beyond the lookup's {@link CallDeadline}), takes it, and loads anyway if
 * none appears. The lease is released (only if still its holder's) after the loaded value was written, so that a
 * lease found gone means the answer is in the cache, or that there is none to wait for.
 *
 * <p>A lease that cannot be taken or read (Redis down) means loading at once. Batch lookups take no leases: their
 * keys are loaded together in one call, and a lease per key would cost a Redis round trip each. In memory, and with
 * {@code clerk.cache.lease-wait=0}, this is the load path alone.
 */
public final class UserLeases {

    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final UserCaches caches;
    private final RedissonClient redis; // null: no leases
    private final Duration wait;
    private final Duration ttl;
    private final Recorder recorder;
    private final String owner = UUID.randomUUID().toString();

    UserLeases(UserCaches caches, RedissonClient redis, NearCacheSettings settings, Recorder recorder) {
        this.caches = caches;
        this.redis = settings.leases() ? redis : null;
        this.wait = settings.leaseWait();
        this.ttl = settings.leaseTtl();
        this.recorder = recorder;
    }

    /**
     * {@code cache.get(key, policy, loader)}, the load (if this JVM leads one) shared with the other instances
     * through a lease: another instance's answer counts only if {@code policy} finds it fresh, so that the copy whose
     * staleness started this load is never taken for that answer.
     *
     * @param logicalName {@link UserCaches#USERS} or {@link UserCaches#USERNAMES}: the cache {@code cache} reads
     */
    public <V, E extends Exception> V get(LoadingCache<String, V> cache, String logicalName, String key,
            ReadPolicy<? super V> policy, ValueLoader<? super String, ? extends V, E> loader) throws E {
        @SuppressWarnings("unchecked") ReadPolicy<V> typed = (ReadPolicy<V>) policy;
        if (redis == null || caches.redisBreakerOpen()) {
            // in memory, or Redis known to be down: no lease to share, and no Redis timeout to pay for one
            return cache.get(key, typed, loader);
        }
        Lease lease = new Lease(logicalName, value -> {
            @SuppressWarnings("unchecked") V v = (V) value;
            ReadPolicy.Freshness f = typed.freshness(v);
            return f == ReadPolicy.Freshness.FRESH || f == ReadPolicy.Freshness.REFRESH;
        });
        try {
            return cache.get(key, typed, k -> lease.load(k, loader));
        } finally {
            lease.release();
        }
    }

    /** One lookup's part in a lease: taken (and then released) by at most this lookup. */
    private final class Lease {
        private final String logicalName;
        private final String metricsName;
        private final java.util.function.Predicate<Object> usable;
        private RBucket<String> held;
        private String token;
        /** What the cache held when this load began: the copy that started it (stale, or due for early refresh). */
        private Object before;

        Lease(String logicalName, java.util.function.Predicate<Object> usable) {
            this.logicalName = logicalName;
            this.usable = usable;
            this.metricsName = caches.physicalName(logicalName);
        }

        <V, E extends Exception> V load(String key, ValueLoader<? super String, ? extends V, E> loader) throws E {
            Answer answer;
            try {
                before = caches.cache(logicalName).get(key);
                answer = awaitOther(key);
            } catch (RuntimeException redisFailed) {
                recorder.lease(metricsName, "error");
                answer = null;
            }
            if (answer != null) {
                @SuppressWarnings("unchecked") V value = (V) answer.value();
                return value;
            }
            return loader.load(key);
        }

        /**
         * The answer another instance loaded, or {@code null} when this lookup is to load: it took the lease, or the
         * wait ran out.
         */
        private Answer awaitOther(String key) {
            RBucket<String> bucket = redis.getBucket(caches.keyPrefix() + "lease:" + logicalName + ":" + key,
                    StringCodec.INSTANCE);
            String mine = owner + ":" + UUID.randomUUID();
            if (take(bucket, mine)) {
                return led(key);
            }
            long deadline = System.nanoTime() + CallDeadline.bound(wait).toNanos();
            long pause = FIRST_POLL_NANOS;
            while (System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
                pause = Math.min(pause * 2, MAX_POLL_NANOS);
                Answer answer = peek(key);
                if (answer == null && !bucket.isExists()) {
                    // released: the holder's write (if any) came before; look once more, then lead in its place
                    answer = peek(key);
                    if (answer == null && take(bucket, mine)) {
                        return led(key);
                    }
                }
                if (answer != null) {
                    recorder.lease(metricsName, "waited");
                    return answer;
                }
            }
            recorder.lease(metricsName, "gave-up");
            return null;
        }

        private boolean take(RBucket<String> bucket, String mine) {
            if (!bucket.setIfAbsent(mine, ttl)) {
                return false;
            }
            held = bucket;
            token = mine;
            return true;
        }

        /**
         * With the lease taken: the answer of a holder that released it just before (this JVM's leader read the cache
         * before taking it, and the holder's write may have come between), else {@code null}: load.
         */
        private Answer led(String key) {
            Answer answer = peek(key);
            recorder.lease(metricsName, answer == null ? "led" : "waited");
            return answer;
        }

        /** What the caches hold for the key now: a value, an absence ({@code null} value), or nothing yet. */
        private Answer peek(String key) {
            Object value = caches.cache(logicalName).get(key);
            if (NearCache.keepable(value) && !value.equals(before) && usable.test(value)) {
                return new Answer(value);
            }
            Cache<Object, Object> absences = caches.cache(UserCaches.absencesOf(logicalName));
            return absences.get(key) instanceof AbsentValue ? new Answer(null) : null;
        }

        void release() {
            if (held != null) {
                try {
                    held.compareAndSet(token, null);
                } catch (RuntimeException e) {
                    // it expires by itself (clerk.cache.lease-ttl)
                }
            }
        }
    }

    private record Answer(Object value) {
    }
}
