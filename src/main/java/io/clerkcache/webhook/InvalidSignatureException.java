package io.clerkcache.webhook;

/** A webhook delivery whose Svix signature or timestamp does not verify; its message says why (never a secret). */
public final class InvalidSignatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String reason) {
        super(reason);
    }
}
