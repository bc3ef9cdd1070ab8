package io.clerkcache.users.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.cache.Cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.metrics.Recorder;

/**
 * The near caches of one deployment's Redis caches: one bounded Caffeine cache in this JVM shared by the
 * {@link NearCache} decorators, and the Redis pub/sub channel {@code <prefix>near} through which every instance tells
 * the others which keys it changed.
 *
 * <p><b>When copies may be kept.</b> The layer is <em>active</em> only while this instance is known to receive the
 * channel: a probe message it published after the last (re)subscription has come back to it. Whenever that may no
 * longer hold (the subscription was lost or renewed, a publish failed, a connection dropped) the layer is emptied and
 * keeps nothing until a new probe comes back, since messages may have been lost meanwhile.
 *
 * <p><b>No message lost to a race.</b> Each key has a version (a striped counter) and the layer a generation: a read
 * notes both before it asks Redis and keeps Redis's answer only if neither moved, checking again after storing it
 * (an invalidation bumps the version before it drops the key, so it either stops the store or drops what was
 * stored).
 */
final class NearCaches implements MessageListener<String>, StatusListener {

    private static final Logger LOG = Logger.getLogger(NearCaches.class.getName());
    private static final int STRIPES = 1024;
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SUBSCRIBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String KEYS = "k";
    private static final String ALL = "a";
    private static final String PROBE = "p";

    /** A key of one of the caches. */
    record Key(String cache, Object key) {
    }

    private final RTopic topic;
    private final String instance = UUID.randomUUID().toString();
    private final com.github.benmanes.caffeine.cache.Cache<Key, Object> copies;
    private final Recorder recorder;
    private final Map<String, NearCache> caches = new ConcurrentHashMap<>();
    private final AtomicLongArray versions = new AtomicLongArray(STRIPES);
    private final AtomicLong generation = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile boolean active;
    private volatile String awaitedProbe; // guarded by lifecycle for writes
    private volatile long lastProbeNanos = System.nanoTime() - PROBE_INTERVAL_NANOS;
    private volatile boolean listening;
    private volatile boolean subscribing;
    private volatile long subscribeStartedNanos;
    private final AtomicLong subscribeAttempts = new AtomicLong();
    /** Whether the Redis breaker is open: then nothing is kept, asked or published here (no channel to trust). */
    private final BooleanSupplier redisDown;

    NearCaches(RedissonClient redisson, String channel, NearCacheSettings settings, Recorder recorder,
            BooleanSupplier redisDown) {
        this.redisDown = redisDown;
        this.topic = redisson.getTopic(channel, StringCodec.INSTANCE);
        this.recorder = recorder;
        UserEntryWeigher weigher = new UserEntryWeigher(1);
        this.copies = Caffeine.newBuilder()
                .maximumWeight(settings.maxWeightBytes())
                .weigher((Key k, Object v) -> weigher.weigh(k.key(), v))
                .expireAfterWrite(settings.ttl())
                .build();
    }

    /** {@code cache} with a near cache in front (it wraps whatever it is given: Redisson's cache or a decorator). */
    Cache<Object, Object> wrap(Cache<Object, Object> cache) {
        NearCache near = new NearCache(cache, this, recorder);
        caches.put(cache.getName(), near);
        probe();
        return near;
    }

    // ------------------------------------------------------------------------------------------ reads

    /** The copy of {@code key}, or {@code null}; asks for a probe when the layer is not active. */
    Object copy(Key key) {
        if (redisDown.getAsBoolean()) {
            if (active) {
                deactivate("the Redis breaker is open");
            }
            return null;
        }
        if (!active) {
            probe();
            return null;
        }
        return copies.getIfPresent(key);
    }

    boolean active() {
        return active;
    }

    /** What a read notes before asking Redis, to be handed to {@link #keep}. */
    long generation() {
        return generation.get();
    }

    long version(Key key) {
        return versions.get(stripe(key));
    }

    /**
     * Keeps Redis's answer {@code value} for {@code key} if no invalidation of it (nor of everything) came since the
     * read noted {@code generation} and {@code version}.
     */
    void keep(Key key, Object value, long generation, long version) {
        if (!unchanged(key, generation, version)) {
            return;
        }
        copies.put(key, value);
        if (!unchanged(key, generation, version)) {
            copies.invalidate(key); // an invalidation ran between the check and the store: it may have missed it
        }
    }

    private boolean unchanged(Key key, long generation, long version) {
        return active && this.generation.get() == generation && versions.get(stripe(key)) == version;
    }

    private static int stripe(Key key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    // ------------------------------------------------------------------------------------------ invalidation

    /** Drops {@code keys} of {@code cache} here (the writer's own layer, at once), then tells the other instances. */
    void changed(String cache, Iterable<?> keys) {
        List<String> message = new ArrayList<>();
        message.add(instance);
        message.add(KEYS);
        message.add(cache);
        for (Object k : keys) {
            drop(new Key(cache, k));
            message.add(String.valueOf(k));
        }
        publish(String.join("\n", message));
    }

    /** Drops every copy of {@code cache} here, then tells the other instances. */
    void changedAll(String cache) {
        dropAll(cache);
        publish(instance + "\n" + ALL + "\n" + cache);
    }

    /** Drops {@code key} here only: a conditional write found Redis holding something else than the copy. */
    void drop(Key key) {
        versions.incrementAndGet(stripe(key));
        copies.invalidate(key);
    }

    private void dropAll(String cache) {
        generation.incrementAndGet();
        copies.asMap().keySet().removeIf(k -> k.cache().equals(cache));
    }

    private void publish(String message) {
        if (redisDown.getAsBoolean()) {
            // The change reached this JVM's layers only; the instances learn of the outage through valid-after.
            deactivate("the Redis breaker is open");
            return;
        }
        try {
            topic.publish(message);
        } catch (RuntimeException e) {
            // The other instances may keep their copies until their near TTL; this one no longer trusts its channel.
            deactivate("publishing to the near-cache channel failed");
            throw new javax.cache.CacheException("the change was written, but the other instances could not be told"
                    + " (their near caches keep the old entry for at most clerk.cache.near.ttl): " + e.getMessage(), e);
        }
    }

    @Override
    public void onMessage(CharSequence channel, String message) {
        String[] parts = message.split("\n", -1);
        if (parts.length < 2) {
            return;
        }
        if (PROBE.equals(parts[1])) {
            if (parts[0].equals(instance) && parts.length > 2) {
                activate(parts[2]);
            }
            return;
        }
        if (parts[0].equals(instance) || parts.length < 3) {
            return; // this instance dropped its own copies before publishing
        }
        if (ALL.equals(parts[1])) {
            dropAll(parts[2]);
        } else if (KEYS.equals(parts[1])) {
            for (int i = 3; i < parts.length; i++) {
                drop(new Key(parts[2], parts[i]));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ subscription

    @Override
    public void onSubscribe(String channel) {
        // A (re)subscription: messages may have been lost before it; start over, and trust the channel again once a
        // probe published from now on comes back.
        deactivate(null);
        if (listening) {
            lastProbeNanos = System.nanoTime() - PROBE_INTERVAL_NANOS;
            probe();
        }
    }

    @Override
    public void onUnsubscribe(String channel) {
        deactivate("unsubscribed from the near-cache channel");
    }

    /** A Redis connection of the client was lost: the subscription may be one of them. */
    void connectionLost() {
        deactivate("a Redis connection was lost");
    }

    private void deactivate(String why) {
        synchronized (lifecycle) {
            boolean was = active;
            active = false;
            awaitedProbe = null;
            generation.incrementAndGet();
            copies.invalidateAll();
            if (was && why != null) {
                LOG.fine(() -> "Near cache emptied and paused: " + why);
            }
        }
    }

    private void activate(String probe) {
        synchronized (lifecycle) {
            if (probe.equals(awaitedProbe)) {
                generation.incrementAndGet();
                copies.invalidateAll();
                active = true;
                awaitedProbe = null;
            }
        }
    }

    /** Subscribes if not yet done, and publishes a probe; at most once a second. */
    private void probe() {
        long now = System.nanoTime();
        if (active || now - lastProbeNanos < PROBE_INTERVAL_NANOS || redisDown.getAsBoolean()) {
            return;
        }
        String probe;
        synchronized (lifecycle) {
            if (active || now - lastProbeNanos < PROBE_INTERVAL_NANOS) {
                return;
            }
            lastProbeNanos = now;
            probe = UUID.randomUUID().toString();
            awaitedProbe = probe;
        }
        try {
            if (!listening) {
                subscribe();
                return;
            }
             topic.publishAsync(instance + "\n" + PROBE + "\n" + probe);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "near-cache probe", e);
        }
    }

    /**
     * Adds the listeners (the status listener first, so that it sees the first subscription); once both are in, the
     * first probe goes out. Redisson subscribes again by itself after a reconnection.
     */
    private void subscribe() {
        long now = System.nanoTime();
        if (subscribing && now - subscribeStartedNanos < SUBSCRIBE_TIMEOUT_NANOS) {
            return;
        }
        // a first attempt may never complete (seen with a lazily connecting client): start again from scratch
        long attempt = subscribeAttempts.incrementAndGet();
        subscribing = true;
        subscribeStartedNanos = now;
        topic.removeAllListenersAsync()
                .thenCompose(none -> topic.addListenerAsync((StatusListener) this))
                .thenCompose(id -> topic.addListenerAsync(String.class, this))
                .whenComplete((id, failure) -> {
                    if (attempt != subscribeAttempts.get()) {
                        return;
                    }
                    subscribing = false;
                    if (failure == null) {
                        listening = true;
                        lastProbeNanos = System.nanoTime() - PROBE_INTERVAL_NANOS;
                        probe();
                    }
                });
    }

    // ------------------------------------------------------------------------------------------ stats

    /** Copies held now for {@code cache}, and their estimated weight in bytes. */
    UserCaches.MemoryUse use(String cache, long maxBytes) {
        long entries = 0;
        long weight = 0;
        Policy.Eviction<Key, Object> eviction = copies.policy().eviction().orElse(null);
        for (Map.Entry<Key, Object> e : copies.asMap().entrySet()) {
            if (e.getKey().cache().equals(cache)) {
                entries++;
                weight += eviction == null ? 0 : eviction.weightOf(e.getKey()).orElse(0);
            }
        }
        return new UserCaches.MemoryUse(entries, weight, maxBytes);
    }

    void close() {
        try {
            topic.removeAllListeners();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing the near-cache channel", e);
        }
    }
}
