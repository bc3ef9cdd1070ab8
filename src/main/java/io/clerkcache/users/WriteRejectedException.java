package io.clerkcache.users;

import io.clerkcache.clerk.ClerkRequestRejectedException;

/**
 * Clerk refused a write as invalid (a username taken, say): nothing changed, in Clerk or in the cache. The message
 * is Clerk's.
 */
public class WriteRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public WriteRejectedException(ClerkRequestRejectedException cause) {
        super(cause.getMessage(), cause);
        this.code = cause.code();
    }

    /** Clerk's error code ({@code form_identifier_exists}, say), or {@code null}. */
    public String code() {
        return code;
    }
}
