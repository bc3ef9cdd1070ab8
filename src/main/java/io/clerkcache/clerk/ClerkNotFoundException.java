package io.clerkcache.clerk;

/** Clerk answered 404 to a write: the user does not exist (reads return an empty {@code Optional} instead). */
public final class ClerkNotFoundException extends ClerkException {

    ClerkNotFoundException(ClerkOperation operation, ClerkErrorBody error) {
        super(operation, 404, error, "not found", null);
    }
}
