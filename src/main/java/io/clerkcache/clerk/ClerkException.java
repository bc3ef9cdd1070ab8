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

    ClerkException(ClerkOperation operation, int status, ClerkErrorBody error, String message, Throwable cause) {
        super(describe(operation, status, error, message), cause);
        this.operation = operation;
        this.status = status;
        this.code = error == null ? null : error.code();
        this.traceId = error == null ? null : error.traceId();
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

    private static String describe(ClerkOperation operation, int status, ClerkErrorBody error, String message) {
        StringBuilder text = new StringBuilder("Clerk ").append(operation.label()).append(": ").append(message);
        if (status > 0) {
            text.append(" (HTTP ").append(status);
            if (error != null && error.code() != null) {
                text.append(", code ").append(error.code());
            }
            if (error != null && error.traceId() != null) {
                text.append(", clerk_trace_id ").append(error.traceId());
            }
            text.append(')');
        }
        if (error != null && error.message() != null) {
            text.append(": ").append(error.message());
        }
        return text.toString();
    }
}
