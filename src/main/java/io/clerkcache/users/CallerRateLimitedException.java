package io.clerkcache.users;

import java.time.Duration;
import java.util.Objects;

/**
 * This caller asked for too many users that had to come from Clerk in too short a time ({@link UpstreamLimiter}).
 * Nothing was asked of Clerk for the refused lookup; cached users are still served to the same caller. The HTTP API
 * answers 429 with {@code Retry-After}.
 */
public class CallerRateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;
    private final transient String callerKey;

    CallerRateLimitedException(String callerKey, Duration retryAfter) {
        // The key (an address, a user id) stays out of the message: messages end up in logs and responses.
        super("too many lookups of users that were not cached; retry after " + seconds(retryAfter) + " s", null,
                false, false);
        this.callerKey = Objects.requireNonNull(callerKey, "callerKey");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long until the refused lookup would be admitted. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, at least 1: the {@code Retry-After} value. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    /** The caller whose limit was reached. */
    String callerKey() {
        return callerKey;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
