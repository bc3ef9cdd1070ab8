package io.clerkcache.users;

import java.time.Duration;

import io.clerkcache.clerk.ClerkRateLimitedException;

/**
 * Clerk refused a write for its rate limit (10 writes per user per 10 s, or the instance's limit): nothing changed,
 * in Clerk or in the cache. Retry after {@link #retryAfter()}.
 */
public class WriteRateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public WriteRateLimitedException(String userId, ClerkRateLimitedException cause) {
        super("Clerk's write limit for " + userId + " is reached; retry in " + cause.retryAfter().toSeconds() + " s",
                cause);
        this.retryAfter = cause.retryAfter();
    }

    /** How long Clerk asked to wait. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
