package io.clerkcache.security;

/** An authenticated caller asked for something its roles do not allow: answered 403. */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused, shown to the caller */
    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
