package io.clerkcache.security;

/**
 * A request without usable credentials: none sent ({@link #credentialsPresent()} false), or a token or API key that
 * is malformed, expired, wrongly signed or unknown. Answered 401 with {@code WWW-Authenticate: Bearer}; the message
 * says why in a few words and never contains the credential.
 */
public final class NotAuthenticatedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean credentialsPresent;

    private NotAuthenticatedException(String message, boolean credentialsPresent) {
        // No stack trace: thrown for every bad request of a flood, and never a bug.
        super(message, null, false, false);
        this.credentialsPresent = credentialsPresent;
    }

    /** No credentials were sent. */
    public static NotAuthenticatedException missing() {
        return new NotAuthenticatedException("no credentials: send Authorization: Bearer <session token or API key>",
                false);
    }

    /** Credentials were sent and refused, for {@code reason} (shown to the caller). */
    public static NotAuthenticatedException invalid(String reason) {
        return new NotAuthenticatedException(reason, true);
    }

    /** Whether the request carried credentials (that were refused). */
    public boolean credentialsPresent() {
        return credentialsPresent;
    }
}
