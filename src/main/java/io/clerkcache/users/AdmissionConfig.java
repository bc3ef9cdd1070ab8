package io.clerkcache.users;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.config.Settings;

/**
 * How much work the service admits before Clerk or the heap would suffer, read once from MicroProfile Config; this
 * class is the only reader of these keys, and their defaults are its {@code DEFAULT_*} constants (the README's
 * configuration table documents them).
 *
 * <ul>
 * <li>{@code clerk.caller-limit.rate}: Clerk calls per second one caller may cause in the long run ({@code 0}: no
 * limit); Clerk allows a production instance 100 calls per second, a development instance 10, shared by every caller
 * and every instance of this service ({@link UpstreamLimiter});</li>
 * <li>{@code clerk.caller-limit.burst}: Clerk calls one caller may cause at once after a quiet period (a cold page of
 * many users);</li>
 * <li>{@code clerk.cache.batch-max-concurrent}: batch requests running at once ({@code io.clerkcache.api}'s batch
 * bulkhead);</li>
 * <li>{@code clerk.cache.batch-wait}: how long a batch waits for a slot when all are taken.</li>
 * </ul>
 */
@ApplicationScoped
public class AdmissionConfig {

    /** Default of {@code clerk.caller-limit.rate}, in Clerk calls per second. */
    public static final double DEFAULT_CALLER_RATE = 10;
    /** Default of {@code clerk.caller-limit.burst}. */
    public static final int DEFAULT_CALLER_BURST = 100;
    /** Default of {@code clerk.cache.batch-max-concurrent}. */
    public static final int DEFAULT_BATCH_MAX_CONCURRENT = 4;
    /** Default of {@code clerk.cache.batch-wait}: about one cold batch's wait for Clerk's rate budget. */
    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofSeconds(1);

    private double callerRate;
    private int callerBurst;
    private int batchMaxConcurrent;
    private Duration batchWait;

    /** For the CDI proxy only. */
    protected AdmissionConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    @Inject
    public AdmissionConfig(Config config) {
        this(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    public AdmissionConfig(Settings settings) {
        this.callerRate = settings.number("clerk.caller-limit.rate", DEFAULT_CALLER_RATE);
        if (callerRate < 0) {
            throw Settings.invalid("clerk.caller-limit.rate", "must be 0 (off) or a positive number of Clerk calls"
                    + " per second, was " + callerRate);
        }
        this.callerBurst = settings.integer("clerk.caller-limit.burst", DEFAULT_CALLER_BURST);
        if (callerBurst < 1) {
            throw Settings.invalid("clerk.caller-limit.burst", "must be at least 1, was " + callerBurst);
        }
        this.batchMaxConcurrent = settings.integer("clerk.cache.batch-max-concurrent", DEFAULT_BATCH_MAX_CONCURRENT);
        if (batchMaxConcurrent < 1) {
            throw Settings.invalid("clerk.cache.batch-max-concurrent", "must be at least 1, was "
                    + batchMaxConcurrent);
        }
        this.batchWait = settings.duration("clerk.cache.batch-wait", DEFAULT_BATCH_WAIT);
    }

    /** {@code clerk.caller-limit.rate}: Clerk calls per second per caller; 0: no limit. */
    public double callerRate() {
        return callerRate;
    }

    /** {@code clerk.caller-limit.burst}: the size of a caller's token bucket. */
    public int callerBurst() {
        return callerBurst;
    }

    /** {@code clerk.cache.batch-max-concurrent}: batch requests running at once. */
    public int batchMaxConcurrent() {
        return batchMaxConcurrent;
    }

    /** {@code clerk.cache.batch-wait}: how long a batch waits for a slot; zero: refused at once. */
    public Duration batchWait() {
        return batchWait;
    }

    @Override
    public String toString() {
        return "caller limit " + (callerRate == 0 ? "off" : callerRate + " Clerk calls/s, burst " + callerBurst)
                + ", at most " + batchMaxConcurrent + " batches at once (waiting up to " + batchWait.toMillis()
                + " ms for a slot)";
    }
}
