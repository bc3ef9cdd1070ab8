package io.clerkcache.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.security.AccessRules;

/**
 * The status page, {@code GET /status}: a page for people that shows what {@code GET /api/cache/stats} says (cache
 * type, Redis, hit ratios, Clerk calls per minute with a live chart, the rate budget), refreshed every 2 seconds by
 * its own script.
 *
 * <p>The page, its script and its style hold no data and need no credentials. The data, {@code GET /status/data}, is
 * {@link CacheResource#stats()} itself: open in demo mode, administrators only otherwise. A browser cannot send a
 * bearer on a page load, so the script asks for an admin API key (or a session token) when the data answers 401 or
 * 403, keeps it in the tab's {@code sessionStorage} and sends it as {@code Authorization: Bearer} on its fetches.
 *
 * <p>Everything is served from this WAR with a Content-Security-Policy that allows only its own script, style and
 * fetches: no inline script, no other origin.
 */
@Path("status")
@RequestScoped
public class StatusResource {

    /** Only this page's own script, style and data; nothing may frame it, no form posts anywhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String PAGE = asset("status.html");
    private static final String SCRIPT = asset("status.js");
    private static final String STYLE = asset("status.css");

    @Inject
    ClerkConfig clerk;
    @Inject
    AccessRules access;
    @Inject
    CacheResource cache;

    /** The page. */
    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    @Operation(hidden = true)
    public Response page() {
        return withPageHeaders(PAGE);
    }

    /** The page's script: fetches {@code status/data}, draws the values and the chart. */
    @GET
    @Path("status.js")
    @Produces("text/javascript;charset=utf-8")
    @Operation(hidden = true)
    public Response script() {
        return withPageHeaders(SCRIPT);
    }

    /** The page's style. */
    @GET
    @Path("status.css")
    @Produces("text/css;charset=utf-8")
    @Operation(hidden = true)
    public Response style() {
        return withPageHeaders(STYLE);
    }

    /**
     * The page's data: the JSON of {@code GET /api/cache/stats}, by the same code. Open in demo mode (the
     * {@code AuthenticationFilter} lets it through without credentials there), administrators only otherwise.
     */
    @GET
    @Path("data")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true) // the page's feed; /api/cache/stats is the documented API for the same numbers
    public Response data() {
        if (!clerk.demoMode()) {
            access.requireAnyRole(AccessRules.ADMIN);
        }
        return Response.ok(cache.stats()).header("Cache-Control", "no-store").build();
    }

    private static Response withPageHeaders(String body) {
        return Response.ok(body)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-cache")
                .build();
    }

    private static String asset(String name) {
        try (InputStream in = StatusResource.class.getResourceAsStream("status/" + name)) {
            if (in == null) {
                throw new IllegalStateException("status page asset missing from the WAR: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
