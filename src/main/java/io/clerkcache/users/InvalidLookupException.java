package io.clerkcache.users;

/**
 * A lookup that cannot be valid (a malformed user id or username, too many ids): rejected before any cache or Clerk
 * call. The HTTP API answers it with a 400 problem response.
 */
public class InvalidLookupException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidLookupException(String message) {
        super(message);
    }
}
