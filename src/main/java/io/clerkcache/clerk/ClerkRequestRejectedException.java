package io.clerkcache.clerk;

/**
 * Clerk rejected the request as malformed (400, 422 or another 4xx not covered elsewhere): a bug on this side, since
 * callers' input is validated before it reaches the client. Not retried.
 */
public final class ClerkRequestRejectedException extends ClerkException {

    ClerkRequestRejectedException(ClerkOperation operation, int status, ClerkErrorBody error) {
        super(operation, status, error, "request rejected", null);
    }
}
