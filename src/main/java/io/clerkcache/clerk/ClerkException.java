package io.clerkcache.clerk;

/**
 * A failed call to Clerk's Backend API. Subclasses say what the caller can do about it. Messages name the operation,
 * the HTTP status and Clerk's error code and trace id when Clerk sent them; they never contain the secret key.
 */
public abstract sealed class ClerkException extends RuntimeException
        permits ClerkNotFoundException, ClerkConfigurationException, ClerkRequestRejectedException,
        ClerkRateLimitedException, ClerkUnavailableException {

    private final ClerkOperation operation;
    private final int status;
    private final String code;
    private final String traceId;

    /**
     * @param operation the failed operation
     * @param status HTTP status, 0 when there was no answer
     * @param code Clerk's error code, or {@code null}
     * @param traceId Clerk's trace id, or {@code null}
     * @param message what went wrong, without the secret key
     * @param cause the underlying failure, or {@code null}
     */
    ClerkException(ClerkOperation operation, int status, String code, String traceId, String message,
            Throwable cause) {
        super(describe(operation, status, code, traceId, message), cause);
        this.operation = operation;
        this.status = status;
        this.code = code;
        this.traceId = traceId;
    }

    /** The client operation that failed. */
    public ClerkOperation operation() {
        return operation;
    }

    /** The HTTP status Clerk answered, or 0 when no answer was received (timeout, connection error, fail-fast). */
    public int status() {
        return status;
    }

    /** Clerk's error code (e.g. {@code resource_not_found}), or {@code null}. */
    public String code() {
        return code;
    }

    /** Clerk's {@code clerk_trace_id}, or {@code null}; quote it to Clerk support. */
    public String traceId() {
        return traceId;
    }

    private static String describe(ClerkOperation operation, int status, String code, String traceId,
            String message) {
        StringBuilder text = new StringBuilder("Clerk ").append(operation.label()).append(": ").append(message);
        if (status > 0) {
            text.append(" (HTTP ").append(status);
            if (code != null) {
                text.append(", code ").append(code);
            }
            if (traceId != null) {
                text.append(", clerk_trace_id ").append(traceId);
            }
            text.append(')');
        }
        return text.toString();
    }

    /** Clerk's own short message appended to {@code message}, when the error body had one. */
    static String withClerkMessage(String message, ClerkErrorBody error) {
        return error == null || error.message() == null ? message : message + ": " + error.message();
    }

    static String code(ClerkErrorBody error) {
        return error == null ? null : error.code();
    }

    static String traceId(ClerkErrorBody error) {
        return error == null ? null : error.traceId();
    }
}
