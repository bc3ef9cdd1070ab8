package io.clerkcache.clerk;

/**
 * Clerk answered 401 or 403: the secret key is wrong, revoked or lacks the permission. Retrying cannot help; an
 * operator must fix {@code clerk.secret-key}. The client logs this loudly (once per burst).
 */
public final class ClerkConfigurationException extends ClerkException {

    ClerkConfigurationException(ClerkOperation operation, int status, ClerkErrorBody error) {
        super(operation, status, error, "the secret key was refused; check clerk.secret-key (CLERK_SECRET_KEY)", null);
    }
}
