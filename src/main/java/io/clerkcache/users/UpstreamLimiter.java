package io.clerkcache.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.clerkcache.metrics.Recorder;

/**
 * The per-caller limit on Clerk calls: each caller ({@link CallerKeys}) has a token bucket of
 * {@code clerk.caller-limit.burst} calls, refilled at {@code clerk.caller-limit.rate} calls per second. A lookup that
 * would have to ask Clerk takes one token per Clerk call it makes (a batch takes one per 100 ids it has to load)
 * before the call; with the bucket empty it fails with {@link CallerRateLimitedException} and Clerk is not called. A
 * caller that keeps causing misses (random ids, username enumeration) is thus stopped by its own limit long before it
 * spends the rate budget Clerk gives the whole instance; what is cached is still served to it.
 *
 * <p>The rate and the bucket's size are {@link AdmissionConfig}'s. At most {@value #MAX_CALLERS} callers are
 * tracked; a bucket untouched for as long as it takes to refill is dropped (it would be full again anyway).
 */
@ApplicationScoped
public class UpstreamLimiter {

    static final int MAX_CALLERS = 100_000;
    private static final int IDS_PER_CLERK_CALL = 100;

    private CallerKeys callers;
    private Clock clock;
    private double ratePerSecond;
    private int burst;
    private Cache<String, Bucket> buckets;
    private Recorder recorder = Recorder.inMemory();

    /** Where refusals are counted (the service's one recorder; a recorder of its own when built by hand). */
    @Inject
    void recordTo(Recorder recorder) {
        this.recorder = recorder;
    }

    /** For CDI. */
    protected UpstreamLimiter() {
    }

    /** A limiter for {@code callers} at {@code config}'s rate and burst, on {@code clock}. */
    @Inject
    public UpstreamLimiter(CallerKeys callers, Clock clock, AdmissionConfig config) {
        this.callers = callers;
        this.clock = clock;
        this.ratePerSecond = config.callerRate();
        this.burst = config.callerBurst();
        long refillSeconds = ratePerSecond > 0 ? (long) Math.ceil(burst / ratePerSecond) + 1 : 1;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_CALLERS)
                .expireAfterAccess(refillSeconds, TimeUnit.SECONDS)
                .build();
    }

    /** Takes the tokens for one lookup by id or username that has to ask Clerk. */
    void acquireSingle() {
        acquire(1);
    }

    /** Takes the tokens for loading {@code ids} ids from Clerk in one batch (one per Clerk call of up to 100 ids). */
    void acquireBatch(int ids) {
        acquire((ids + IDS_PER_CLERK_CALL - 1) / IDS_PER_CLERK_CALL);
    }

    /**
     * Takes {@code calls} tokens from the current caller's bucket (at most a full bucket, so that the largest batch
     * can pass at all).
     *
     * @throws CallerRateLimitedException if the bucket does not hold them; nothing is taken then
     */
    void acquire(int calls) {
        if (ratePerSecond == 0 || calls <= 0) {
            return;
        }
        Optional<String> caller = callers.current();
        if (caller.isEmpty()) {
            return;
        }
        Bucket bucket = buckets.get(caller.get(), k -> new Bucket(burst, clock.millis()));
        long waitMillis = bucket.take(Math.min(calls, burst), clock.millis(), burst, ratePerSecond);
        if (waitMillis > 0) {
            recorder.callerLimited();
            throw new CallerRateLimitedException(caller.get(), Duration.ofMillis(waitMillis));
        }
    }

    /** Whether {@code e} is the current caller's own limit (not that of another caller whose load this one joined). */
    boolean isCurrentCaller(CallerRateLimitedException e) {
        return callers.current().map(e.callerKey()::equals).orElse(false);
    }

    /** Lookups refused since start. */
    public long refused() {
        return recorder.callerLimitedCount();
    }

    /** A token bucket; the lock is the bucket's own monitor. */
    private static final class Bucket {
        private double tokens;
        private long updatedMillis;

        Bucket(int tokens, long nowMillis) {
            this.tokens = tokens;
            this.updatedMillis = nowMillis;
        }

        /** Takes {@code n} tokens and answers 0, or answers the milliseconds until they would be there. */
        synchronized long take(int n, long nowMillis, int capacity, double ratePerSecond) {
            if (nowMillis > updatedMillis) {
                tokens = Math.min(capacity, tokens + (nowMillis - updatedMillis) * ratePerSecond / 1000.0);
                updatedMillis = nowMillis;
            }
            if (tokens >= n) {
                tokens -= n;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((n - tokens) * 1000.0 / ratePerSecond));
        }
    }
}
