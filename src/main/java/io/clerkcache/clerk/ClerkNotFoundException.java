package io.clerkcache.clerk;

/** Clerk answered 404 to a write: the user does not exist (reads return an empty {@code Optional} instead). */
public final class ClerkNotFoundException extends ClerkException {

    /**
     * @param operation the failed operation
     * @param code Clerk's error code ({@code resource_not_found}), or {@code null}
     * @param traceId Clerk's trace id, or {@code null}
     */
    public ClerkNotFoundException(ClerkOperation operation, String code, String traceId) {
        super(operation, 404, code, traceId, "not found", null);
    }

    ClerkNotFoundException(ClerkOperation operation, ClerkErrorBody error) {
        this(operation, code(error), traceId(error));
    }
}
