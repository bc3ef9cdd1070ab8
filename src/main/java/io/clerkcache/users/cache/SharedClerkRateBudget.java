package io.clerkcache.users.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.clerk.RatePacer;

/**
 * The request budget of every instance sharing the caches' Redis and key prefix: the pace of {@link RatePacer} (GCRA
 * with reservations, the same arithmetic and bound), run as Lua scripts on Redis's clock, under
 * {@code <prefix>{clerk-budget}:*} (one Cluster hash slot): one theoretical arrival time for all instances, so their
 * reservations form one schedule. A 429 seen by any instance blocks all of them for its {@code Retry-After} and lowers
 * the shared rate.
 *
 * <p>While Redis does not answer, the budget paces in this JVM ({@link #LOCAL_FALLBACK}, the same limit: with N
 * instances up to N times the limit may go out, and Clerk's own 429s then slow each instance down). After a failure
 * Redis is not asked again for {@link #REDIS_RETRY_AFTER}, so calls do not each pay a Redis timeout.
 */
public final class SharedClerkRateBudget implements ClerkRateBudget {

    /** How long a failed Redis call sends the budget to its local fallback before Redis is tried again. */
    public static final Duration REDIS_RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(SharedClerkRateBudget.class.getName());

    /** Redis's clock in whole milliseconds, as {@code now}. */
    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";
    /** The limit in force: lowered by the slowdown (KEYS[3]) until it has recovered. ARGV[1] limit, ARGV[4] recovery. */
    private static final String CURRENT_LIMIT = "local limit = tonumber(ARGV[1])\n"
            + "local f = redis.call('HMGET', KEYS[3], 'factor', 'at')\n"
            + "if f[1] then\n"
            + "  local factor = tonumber(f[1]) + (now - tonumber(f[2])) / tonumber(ARGV[4])\n"
            + "  if factor < 1 then limit = math.max(1, math.floor(limit * factor)) end\n"
            + "end\n";
    /**
     * {@link RatePacer#reserve} on Redis. KEYS: tat (the theoretical arrival time, ms), blocked (Retry-After),
     * slowdown. ARGV: limit, window ms, permits, recovery ms, the caller's max wait ms (negative: never take). Returns
     * {@code >= 0} when taken (the milliseconds until the permits may go), else minus the milliseconds needed.
     */
    private static final String ACQUIRE = NOW
            + CURRENT_LIMIT
            + "local window = tonumber(ARGV[2])\n"
            + "local permits = tonumber(ARGV[3])\n"
            + "local burst = math.max(1, math.floor(limit / " + RatePacer.BURST_DIVISOR + "))\n"
            + "local paced = math.max(1, limit - burst)\n"
            + "local interval = math.max(1, math.floor((window + paced - 1) / paced))\n"
            + "local start = now\n"
            + "local blocked = redis.call('PTTL', KEYS[2])\n"
            + "if blocked > 0 then start = now + blocked end\n"
            + "local tat = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '') or now)\n"
            + "local at = math.max(start, tat + (permits - burst) * interval)\n"
            + "local wait = at - now\n"
            + "if wait > tonumber(ARGV[5]) then return -math.max(1, wait) end\n"
            + "tat = math.max(tat, at) + permits * interval\n"
            + "redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', tat - now + 1000)\n"
            + "return wait\n";
    /**
     * KEYS as {@link #ACQUIRE}. ARGV: retry-after ms, recovery ms, least factor, quiet ms. Blocks (never shortening a
     * longer block) and halves the rate unless it was lowered within the quiet time.
     */
    private static final String RATE_LIMITED = NOW
            + "local ms = tonumber(ARGV[1])\n"
            + "if ms > 0 and redis.call('PTTL', KEYS[2]) < ms then redis.call('SET', KEYS[2], '1', 'PX', ms) end\n"
            + "local recovery = tonumber(ARGV[2])\n"
            + "local f = redis.call('HMGET', KEYS[3], 'factor', 'at')\n"
            + "local factor = 1\n"
            + "if f[1] then\n"
            + "  if now - tonumber(f[2]) < tonumber(ARGV[4]) then return 0 end\n"
            + "  factor = math.min(1, tonumber(f[1]) + (now - tonumber(f[2])) / recovery)\n"
            + "end\n"
            + "factor = math.max(tonumber(ARGV[3]), factor / 2)\n"
            + "redis.call('HSET', KEYS[3], 'factor', tostring(factor), 'at', tostring(now))\n"
            + "redis.call('PEXPIRE', KEYS[3], math.ceil((1 - factor) * recovery) + 1000)\n"
            + "return 1\n";
    /** KEYS as {@link #ACQUIRE}, ARGV[1] limit, ARGV[4] recovery: the limit in force now. */
    private static final String STATE = NOW + CURRENT_LIMIT + "return limit\n";

    private final RedissonClient redis;
    private final List<Object> keys;
    private final int requests;
    private final Duration window;
    private final LocalClerkRateBudget fallback;
    private final Clock clock;
    private volatile long redisDownUntil = Long.MIN_VALUE;

    /**
     * @param redis     the caches' Redis client
     * @param keyPrefix the caches' key prefix ({@link UserCaches#keyPrefix()}): instances with the same prefix share
     *                  the budget
     * @param requests  requests per window, all instances together
     * @param window    the window
     */
    public SharedClerkRateBudget(RedissonClient redis, String keyPrefix, int requests, Duration window) {
        this(redis, keyPrefix, requests, window, Clock.systemUTC());
    }

    SharedClerkRateBudget(RedissonClient redis, String keyPrefix, int requests, Duration window, Clock clock) {
        this.redis = redis;
        String base = keyPrefix + "{clerk-budget}:";
        this.keys = List.of(base + "tat", base + "blocked", base + "slowdown");
        this.requests = requests;
        this.window = window;
        this.clock = clock;
        this.fallback = new LocalClerkRateBudget(requests, window, clock, LOCAL_FALLBACK);
    }

    @Override
    public Duration acquire(int permits, Duration maxWait) {
        if (redisDown()) {
            return fallback.acquire(permits, maxWait);
        }
        Long reservation = reserve(permits, RatePacer.maxWaitMillis(maxWait));
        return reservation == null ? fallback.acquire(permits, maxWait)
                : RatePacer.settle(reservation, () -> blockedFor().toMillis());
    }

    /** {@link RatePacer#reserve} on Redis, without sleeping; {@code null} when Redis failed. */
    Long reserve(int permits, long maxWaitMillis) {
        return eval(ACQUIRE, requests, window.toMillis(), permits, RatePacer.RECOVERY.toMillis(), maxWaitMillis);
    }

    @Override
    public Duration blockedFor() {
        Duration local = fallback.blockedFor();
        if (redisDown()) {
            return local;
        }
        try {
            long pttl = redis.getBucket(keys.get(1).toString(), StringCodec.INSTANCE).remainTimeToLive();
            Duration shared = Duration.ofMillis(Math.max(0, pttl));
            return shared.compareTo(local) > 0 ? shared : local;
        } catch (RuntimeException e) {
            redisFailed(e);
            return local;
        }
    }

    @Override
    public void blockFor(Duration retryAfter) {
        // The fallback knows too: Redis may fail before the block ends.
        fallback.blockFor(retryAfter);
        if (!redisDown()) {
            eval(RATE_LIMITED, Math.max(0, retryAfter.toMillis()), RatePacer.RECOVERY.toMillis(),
                    RatePacer.MIN_FACTOR, RatePacer.SLOWDOWN_QUIET.toMillis());
        }
    }

    @Override
    public String mode() {
        return redisDown() ? LOCAL_FALLBACK : SHARED;
    }

    @Override
    public State state() {
        if (!redisDown()) {
            Long current = eval(STATE, requests, window.toMillis(), 0, RatePacer.RECOVERY.toMillis(), "");
            if (current != null) {
                return new State(SHARED, requests, window, current.intValue(), blockedFor());
            }
        }
        return fallback.state();
    }

    private boolean redisDown() {
        return clock.millis() < redisDownUntil;
    }

    /** Runs a script; {@code null} when Redis failed (the budget then counts locally for a while). */
    private Long eval(String script, Object... args) {
        try {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = String.valueOf(args[i]);
            }
            return redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, script,
                    RScript.ReturnType.LONG, keys, values);
        } catch (RuntimeException e) {
            redisFailed(e);
            return null;
        }
    }

    private void redisFailed(RuntimeException e) {
        boolean wasUp = !redisDown();
        redisDownUntil = clock.millis() + REDIS_RETRY_AFTER.toMillis();
        if (wasUp) {
            LOG.log(Level.WARNING, "Redis did not answer for Clerk's shared request budget: counting in this instance"
                    + " for " + REDIS_RETRY_AFTER.toSeconds() + " s (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }
}
