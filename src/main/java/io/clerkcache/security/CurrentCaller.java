package io.clerkcache.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, set by the {@link AuthenticationFilter} before any resource runs. Empty outside
 * requests of this JAX-RS application and on the paths that need no credentials (the webhook receiver).
 */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    /** The caller, if the request was authenticated. */
    public Optional<Caller> get() {
        return Optional.ofNullable(caller);
    }

    /**
     * The caller.
     *
     * @throws NotAuthenticatedException if the request was not authenticated
     */
    public Caller require() {
        if (caller == null) {
            throw NotAuthenticatedException.missing();
        }
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
