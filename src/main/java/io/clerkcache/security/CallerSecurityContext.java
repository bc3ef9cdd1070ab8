package io.clerkcache.security;

import java.security.Principal;

import jakarta.ws.rs.core.SecurityContext;

/**
 * The JAX-RS {@link SecurityContext} of an authenticated request: the principal is the {@link Caller}, and
 * {@link #isUserInRole(String)} asks {@link AccessRules#holds(Caller, String)} (the caller's cached user, or the API
 * key's role), so resources may use {@code @Context SecurityContext} as well as {@link RequiresRole}.
 */
final class CallerSecurityContext implements SecurityContext {

    /** {@link #getAuthenticationScheme()}: RFC 6750 bearer credentials. */
    static final String SCHEME = "Bearer";

    private final Caller caller;
    private final AccessRules access;
    private final boolean secure;

    CallerSecurityContext(Caller caller, AccessRules access, boolean secure) {
        this.caller = caller;
        this.access = access;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && access.holds(caller, role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return SCHEME;
    }
}
