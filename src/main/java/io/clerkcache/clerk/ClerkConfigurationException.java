package io.clerkcache.clerk;

/**
 * Clerk answered 401 or 403: the secret key is wrong, revoked or lacks the permission. Retrying cannot help; an
 * operator must fix {@code clerk.secret-key}. The client logs this loudly (once per burst).
 */
public final class ClerkConfigurationException extends ClerkException {

    /**
     * @param operation the failed operation
     * @param status 401 or 403
     * @param code Clerk's error code, or {@code null}
     * @param traceId Clerk's trace id, or {@code null}
     */
    public ClerkConfigurationException(ClerkOperation operation, int status, String code, String traceId) {
        super(operation, status, code, traceId,
                "the secret key was refused; check clerk.secret-key (CLERK_SECRET_KEY)", null);
    }

    ClerkConfigurationException(ClerkOperation operation, int status, ClerkErrorBody error) {
        this(operation, status, code(error), traceId(error));
    }
}
