package io.clerkcache.security;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import io.clerkcache.clerk.ClerkConfig;

/**
 * Authenticates every request of the JAX-RS application before it is matched to a resource (so an unknown path asks
 * for credentials too, and no body is read first): the {@code Authorization} header goes to the
 * {@link Authenticator}; the {@link Caller} is kept in {@link CurrentCaller} and in the request's
 * {@link jakarta.ws.rs.core.SecurityContext}. Failures are thrown as {@link NotAuthenticatedException} (answered 401
 * with {@code WWW-Authenticate: Bearer}) before anything reaches the cache or Clerk.
 *
 * <p>Paths that need no credentials:
 * <ul>
 * <li>{@code api/webhooks/...}: the webhook receiver authenticates each delivery by its Svix signature instead;</li>
 * <li>{@code simulator/...} in demo mode only: the simulated Backend API checks its own {@code sk_} bearer, and its
 * control endpoints are how a demo obtains a session token;</li>
 * <li>the status page ({@code status} and its script and style), which holds no data, and its data
 * {@code status/data} in demo mode only (outside it, the resource requires an admin).</li>
 * </ul>
 * A path with empty, {@code .} or {@code ..} segments or matrix parameters is never treated as one of those.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {

    /** Paths (relative to the application, no leading slash) authenticated by other means than a bearer. */
    static final List<String> OPEN_ALWAYS = List.of("api/webhooks/");
    /** Paths open in demo mode only. */
    static final List<String> OPEN_IN_DEMO_MODE = List.of("simulator/", "status/data");
    /** Exact paths that need no credentials: the status page, its script and its style, which hold no data. */
    static final List<String> OPEN_PAGES = List.of("status", "status/status.js", "status/status.css");

    @Inject
    Authenticator authenticator;
    @Inject
    CurrentCaller current;
    @Inject
    AccessRules access;
    @Inject
    ClerkConfig clerkConfig;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isOpen(request.getUriInfo().getPath(true), clerkConfig.demoMode())) {
            return;
        }
        Caller caller = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        current.set(caller);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerSecurityContext(caller, access, secure));
    }

    /** Whether the (decoded, application-relative) path needs no bearer credentials. */
    static boolean isOpen(String path, boolean demoMode) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!isPlain(p)) {
            return false;
        }
        if (OPEN_ALWAYS.stream().anyMatch(p::startsWith) || OPEN_PAGES.contains(p)) {
            return true;
        }
        return demoMode && OPEN_IN_DEMO_MODE.stream().anyMatch(p::startsWith);
    }

    /** No segment is empty, {@code .} or {@code ..}, and nothing looks like a matrix parameter or an escape. */
    private static boolean isPlain(String path) {
        if (path.isEmpty() || path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || path.indexOf('%') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
