package io.clerkcache.users.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.metrics.Recorder;

/**
 * The circuit breaker every Redis command of the service goes through. <em>Closed</em>, commands run and their
 * failures are counted; {@code redis.breaker.failures} failures of Redis itself (no connection, timeouts, a node
 * loading or down; not a wrong type or a bad entry) within {@code redis.breaker.window} <em>open</em> it: from then on
 * no command is sent and {@link #call} throws {@link RedisUnavailableException} at once, so that a lookup pays no
 * Redis timeout, and the user caches serve from their in-JVM layer ({@link BreakerCache}). Every
 * {@code redis.breaker.probe-interval} a background thread tries Redis (<em>half-open</em>: one {@code EXISTS});
 * when it answers, the breaker raises the shared {@code <prefix>valid-after} instant (see
 * {@link RedisOutages#entriesValidAfter()}), closes, and the in-JVM layer is dropped.
 *
 * <p>While closed the same thread re-reads {@code <prefix>valid-after} every {@link #VALID_AFTER_REFRESH}, so that an
 * instance learns of an outage another instance saw, and notices a dead Redis with no traffic at all.
 */
public final class RedisBreaker implements AutoCloseable {

    /** How often a closed breaker re-reads the shared valid-after instant. */
    static final Duration VALID_AFTER_REFRESH = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(RedisBreaker.class.getName());
    private static final List<Class<? extends RuntimeException>> OUTAGES = List.of(RedisConnectionException.class,
            RedisTimeoutException.class, RedisRetryException.class, RedisNodeNotFoundException.class,
            RedisMasterDownException.class, RedisClusterDownException.class);
    /** Sets the key to ARGV[1] unless it holds a later instant; answers what it holds then. */
    private static final String RAISE = "local v = tonumber(redis.call('get', KEYS[1]) or '0') "
            + "if tonumber(ARGV[1]) > v then redis.call('set', KEYS[1], ARGV[1], 'px', ARGV[2]) return ARGV[1] end "
            + "return tostring(v)";

    /** The breaker's states. */
    public enum State {
        /** Commands go to Redis. */
        CLOSED,
        /** No command goes to Redis; a probe is due every {@code redis.breaker.probe-interval}. */
        OPEN,
        /** A probe is asking Redis; commands are still refused. */
        HALF_OPEN
    }

    /**
     * What the breaker reports to health and stats.
     *
     * @param state             its state
     * @param since             when it entered that state (closed: when the service started or the last outage ended)
     * @param entriesValidAfter Redis entries written before this instant are not fresh (epoch: no outage known)
     */
    public record Status(State state, Instant since, Instant entriesValidAfter) {
    }

    private final Supplier<RedissonClient> redis;
    private final String validAfterKey;
    private final Duration validAfterTtl;
    private final int failures;
    private final long windowNanos;
    private final Duration probeInterval;
    private final Runnable dropLocalLayer;
    private final Clock clock;
    private final Recorder recorder;
    private final ArrayDeque<Long> recentFailures = new ArrayDeque<>();
    private final AtomicReference<Instant> validAfter = new AtomicReference<>(Instant.EPOCH);
    private final ScheduledExecutorService scheduler;
    private volatile State state = State.CLOSED;
    private volatile Instant since;
    private volatile long openedAtNanos;
    private long lastRefreshNanos;

    /**
     * A closed breaker, probing in the background from now on.
     *
     * @param redis          the client the caches use (created on first use)
     * @param keyPrefix      the caches' key prefix: the shared instant is {@code <keyPrefix>valid-after}
     * @param config         the thresholds, and the tombstone TTL that the shared instant outlives
     * @param dropLocalLayer empties the in-JVM layer (when it opens and when it closes)
     */
    RedisBreaker(Supplier<RedissonClient> redis, String keyPrefix, UserCacheConfig config, Runnable dropLocalLayer,
            Clock clock, Recorder recorder) {
        this.redis = redis;
        this.validAfterKey = keyPrefix + "valid-after";
        // every entry written before the instant has expired once this has passed: the key may go then
        this.validAfterTtl = config.tombstoneTtl().plus(config.ttl());
        this.failures = config.breakerFailures();
        this.windowNanos = config.breakerWindow().toNanos();
        this.probeInterval = config.breakerProbeInterval();
        this.dropLocalLayer = dropLocalLayer;
        this.clock = clock;
        this.recorder = recorder;
        this.since = clock.instant();
        this.lastRefreshNanos = System.nanoTime() - VALID_AFTER_REFRESH.toNanos();
        recorder.redisBreaker(() -> state.ordinal());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clerk-cache-redis-breaker");
            t.setDaemon(true);
            return t;
        });
        long interval = probeInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** The state now. */
    public State state() {
        return state;
    }

    /** Whether commands are refused (open or half-open). */
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    /** The state, since when, and the valid-after instant. */
    public Status status() {
        return new Status(state, since, validAfter.get());
    }

    /** Entries written to Redis before this instant may have missed an invalidation of an outage. */
    public Instant entriesValidAfter() {
        return validAfter.get();
    }

    /**
     * Runs a Redis command unless the breaker is open, counting its failure.
     *
     * @throws RedisUnavailableException without running it, while the breaker is open
     * @throws RuntimeException          the command's own exception
     */
    public <T> T call(Supplier<T> command) {
        if (isOpen()) {
            throw skipped();
        }
        try {
            T result = command.get();
            succeeded();
            return result;
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /** As {@link #call} for a command without result. */
    public void run(Runnable command) {
        call(() -> {
            command.run();
            return null;
        });
    }

    /** Counts a command not sent because the breaker is open; the exception to throw for it. */
    RedisUnavailableException skipped() {
        recorder.redisCallSkipped();
        return new RedisUnavailableException("Redis is not used: its circuit breaker is " + state.name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " since " + since);
    }

    private void succeeded() {
        synchronized (recentFailures) {
            recentFailures.clear();
        }
    }

    private void failed(RuntimeException e) {
        if (!isOutage(e)) {
            return;
        }
        long now = System.nanoTime();
        boolean open;
        synchronized (recentFailures) {
            recentFailures.addLast(now);
            while (!recentFailures.isEmpty() && now - recentFailures.peekFirst() > windowNanos) {
                recentFailures.removeFirst();
            }
            open = state == State.CLOSED && recentFailures.size() >= failures;
            if (open) {
                recentFailures.clear();
                dropLocalLayer.run(); // what an earlier outage left must not be served
                openedAtNanos = now;
                since = clock.instant();
                state = State.OPEN;
            }
        }
        if (open) {
            recorder.redisBreakerTransition("open");
            LOG.warning("Redis is not answering (" + e + "): its circuit breaker opens. Lookups are served from this"
                    + " JVM and Clerk, invalidations reach this instance only, webhooks are answered 503; Redis is"
                    + " probed every " + probeInterval.toMillis() + " ms");
        }
    }

    /**
     * Whether {@code e} says Redis does not answer (as opposed to a bad command or entry): one of Redisson's
     * connection, timeout or unavailable-node exceptions, or an I/O failure, among its causes or their suppressed
     * exceptions (Redisson reports a refused connection as a suppressed exception of a generic one).
     */
    static boolean isOutage(Throwable e) {
        return isOutage(e, 0);
    }

    private static boolean isOutage(Throwable t, int depth) {
        if (t == null || depth > 8) {
            return false;
        }
        if (t instanceof java.io.IOException) {
            return true;
        }
        for (Class<? extends RuntimeException> outage : OUTAGES) {
            if (outage.isInstance(t)) {
                return true;
            }
        }
        for (Throwable s : t.getSuppressed()) {
            if (isOutage(s, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && isOutage(t.getCause(), depth + 1);
    }

    /** The background step: a probe while open, a re-read of the valid-after instant now and then while closed. */
    private void tick() {
        try {
            if (state == State.CLOSED) {
                if (System.nanoTime() - lastRefreshNanos >= VALID_AFTER_REFRESH.toNanos()) {
                    lastRefreshNanos = System.nanoTime();
                    String held = call(() -> redis.get().<String>getBucket(validAfterKey, StringCodec.INSTANCE)
                            .get());
                    learn(held);
                }
                return;
            }
            probe();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Redis breaker step", e);
        }
    }

    /** Half-open: asks Redis once; when it answers, reconciles and closes. */
    private void probe() {
        state = State.HALF_OPEN;
        try {
            RedissonClient client = redis.get();
            client.getBucket(validAfterKey, StringCodec.INSTANCE).isExists();
            // Entries in Redis may have missed the invalidations of this outage: none written up to now is fresh.
            Instant end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as Redis keeps it
            Object held = client.getScript(StringCodec.INSTANCE).eval(validAfterKey, RScript.Mode.READ_WRITE, RAISE,
                    RScript.ReturnType.VALUE, List.of(validAfterKey), Long.toString(end.toEpochMilli()),
                    Long.toString(validAfterTtl.toMillis()));
            learn(String.valueOf(held));
            validAfter.accumulateAndGet(end, (a, b) -> a.isAfter(b) ? a : b);
        } catch (RuntimeException e) {
            state = State.OPEN;
            LOG.log(Level.FINE, "Redis still does not answer", e);
            return;
        }
        Duration outage = Duration.ofNanos(System.nanoTime() - openedAtNanos);
        since = clock.instant();
        lastRefreshNanos = System.nanoTime();
        state = State.CLOSED;
        dropLocalLayer.run();
        recorder.redisBreakerTransition("closed");
        LOG.info("Redis answers again: its circuit breaker closes after " + outage.toMillis() + " ms open. Entries"
                + " written before " + validAfter.get() + " count as not fresh; the in-JVM layer is dropped");
    }

    /** Takes a later valid-after instant read from Redis (epoch milliseconds as text). */
    private void learn(String epochMillis) {
        if (epochMillis == null || epochMillis.isEmpty() || "null".equals(epochMillis)) {
            return;
        }
        try {
            Instant held = Instant.ofEpochMilli(Long.parseLong(epochMillis.strip()));
            validAfter.accumulateAndGet(held, (a, b) -> a.isAfter(b) ? a : b);
        } catch (NumberFormatException e) {
            LOG.warning("ignoring " + validAfterKey + ": not epoch milliseconds");
        }
    }

    /** Stops the background thread. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
