package io.clerkcache.clerk;

import java.time.Duration;

/**
 * Clerk answered 429, or an earlier 429 still blocks calls: no request may go to Clerk before {@link #retryAfter()}
 * has passed. While blocked the client fails fast with this exception without calling Clerk
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
     * The call was refused locally: an earlier 429 still applies for {@code retryAfter}.
     *
     * @param operation the refused operation
     * @param retryAfter time left before calls may go out
     */
    public ClerkRateLimitedException(ClerkOperation operation, Duration retryAfter) {
        super(operation, 0, null, null,
                "not called: Clerk's rate limit blocks calls for another " + retryAfter.toMillis() + " ms", null);
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

    /** Whether the client refused the call itself because an earlier 429 still applies. */
    public boolean rejectedLocally() {
        return rejectedLocally;
    }
}
