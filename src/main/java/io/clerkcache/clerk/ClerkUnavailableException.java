package io.clerkcache.clerk;

/**
 * Clerk could not answer usefully: 5xx, a timeout, a connection error or a malformed response body. Reads were
 * already retried (bounded) before this is thrown; callers may serve a stale copy or answer 503.
 */
public final class ClerkUnavailableException extends ClerkException {

    ClerkUnavailableException(ClerkOperation operation, int status, ClerkErrorBody error, String message,
            Throwable cause) {
        super(operation, status, error, message, cause);
    }
}
