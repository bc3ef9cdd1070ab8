package io.clerkcache.clerk;

/**
 * Clerk could not answer usefully: 5xx, a timeout, a connection error or a malformed response body. Reads were
 * already retried (bounded) before this is thrown; callers may serve a stale copy or answer 503.
 */
public final class ClerkUnavailableException extends ClerkException {

    /**
     * @param operation the failed operation
     * @param status HTTP status, or 0 when no answer arrived
     * @param code Clerk's error code, or {@code null}
     * @param traceId Clerk's trace id, or {@code null}
     * @param message what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public ClerkUnavailableException(ClerkOperation operation, int status, String code, String traceId,
            String message, Throwable cause) {
        super(operation, status, code, traceId, message, cause);
    }

    ClerkUnavailableException(ClerkOperation operation, int status, ClerkErrorBody error, String message,
            Throwable cause) {
        this(operation, status, code(error), traceId(error), withClerkMessage(message, error), cause);
    }
}
