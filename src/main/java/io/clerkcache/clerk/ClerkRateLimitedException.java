package io.clerkcache.clerk;

import java.time.Duration;

/**
 * Clerk answered 429, or the client's request budget ({@link ClerkRateBudget}) had no request free within the call's
 * wait (an earlier 429 still blocks calls, or the budget's window is used up): no request should go to Clerk before
 * {@link #retryAfter()} has passed. When the client refused the call itself, Clerk was not called
 * ({@link #rejectedLocally()} is then {@code true} and {@link #status()} is 0).
 */
public final class ClerkRateLimitedException extends ClerkException {

    private final Duration retryAfter;
    private final boolean rejectedLocally;

    /**
     * Clerk answered 429.
     *
     * @param operation the failed operation
     * @param code Clerk's error code ({@code too_many_requests}), or {@code null}
     * @param traceId Clerk's trace id, or {@code null}
     * @param retryAfter from {@code Retry-After}
     */
    public ClerkRateLimitedException(ClerkOperation operation, String code, String traceId, Duration retryAfter) {
        super(operation, 429, code, traceId, "rate limited, retry after " + retryAfter.toMillis() + " ms", null);
        this.retryAfter = retryAfter;
        this.rejectedLocally = false;
    }

    /**
     * The call was refused locally: the request budget has no request free (an earlier 429 still applies, or the
     * window is used up) for {@code retryAfter}, longer than the call could wait.
     *
     * @param operation the refused operation
     * @param retryAfter time left before calls may go out
     */
    public ClerkRateLimitedException(ClerkOperation operation, Duration retryAfter) {
        super(operation, 0, null, null, "not called: Clerk's rate budget has no request free for another "
                + retryAfter.toMillis() + " ms", null);
        this.retryAfter = retryAfter;
        this.rejectedLocally = true;
    }

    ClerkRateLimitedException(ClerkOperation operation, ClerkErrorBody error, Duration retryAfter) {
        this(operation, code(error), traceId(error), retryAfter);
    }

    /** How long to wait before calling Clerk again (from {@code Retry-After}); never negative. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the client refused the call itself (no request of the budget free in time), without calling Clerk. */
    public boolean rejectedLocally() {
        return rejectedLocally;
    }
}
