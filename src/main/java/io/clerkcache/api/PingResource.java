package io.clerkcache.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/ping}: answers 204 and does nothing else, so that a user lookup's latency can be compared with what
 * the server, JAX-RS and this application's filters cost on their own (the benchmark {@code HotGetBenchmark}). It
 * passes through the same providers as {@code GET /api/users/{id}}: the {@code AuthenticationFilter} authenticates the
 * caller (any valid credential will do; no role is checked, no user is looked up), and the response filters add their
 * headers. Nothing is read from the cache or from Clerk.
 */
@Path("api/ping")
@Tag(name = "service")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "500", ref = "InternalError")
@APIResponse(responseCode = "502", ref = "ClerkError")
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
@RequestScoped
public class PingResource {

    /** 204, for any authenticated caller. */
    @GET
    @Operation(operationId = "ping", summary = "Nothing, for any authenticated caller",
            description = "A no-op behind the same authentication as every other call: the baseline that benchmarks "
                    + "compare a cached user lookup with. 502 and 503 only where verifying a session token needs "
                    + "Clerk's signing keys and Clerk fails.")
    @APIResponse(responseCode = "204", description = "authenticated; nothing else was done")
    public Response ping() {
        return Response.noContent().build();
    }
}
