package io.clerkcache.clerk;

/**
 * Clerk rejected the request as malformed (400, 422 or another 4xx not covered elsewhere): a bug on this side, since
 * callers' input is validated before it reaches the client. Not retried.
 */
public final class ClerkRequestRejectedException extends ClerkException {

    /**
     * @param operation the failed operation
     * @param status the 4xx status
     * @param code Clerk's error code, or {@code null}
     * @param traceId Clerk's trace id, or {@code null}
     * @param message what Clerk said, or a description
     */
    public ClerkRequestRejectedException(ClerkOperation operation, int status, String code, String traceId,
            String message) {
        super(operation, status, code, traceId, message, null);
    }

    ClerkRequestRejectedException(ClerkOperation operation, int status, ClerkErrorBody error) {
        this(operation, status, code(error), traceId(error), withClerkMessage("request rejected", error));
    }
}
