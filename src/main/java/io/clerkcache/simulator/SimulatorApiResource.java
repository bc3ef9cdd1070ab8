package io.clerkcache.simulator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated Backend API under {@code /simulator/v1}, mirroring Clerk's user paths and its JWKS. Thin: every call
 * is handed to {@link ClerkSimulator#handle(SimulatorRequest)}. Registered by the JAX-RS application in demo mode only.
 */
@ApplicationScoped
@Path("simulator/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorApiResource {

    private static final String AUTHORIZATION = "Authorization";
    private static final String API_VERSION = "Clerk-API-Version";

    @Inject
    SimulatorService service;

    @Context
    UriInfo uriInfo;

    /** {@code GET /users}: list with filters, limit, offset and order. */
    @GET
    @Path("users")
    public Response list(@HeaderParam(AUTHORIZATION) String auth, @HeaderParam(API_VERSION) String version) {
        return call("GET", "/users", auth, version, null);
    }

    /** {@code GET /users/count}. */
    @GET
    @Path("users/count")
    public Response count(@HeaderParam(AUTHORIZATION) String auth, @HeaderParam(API_VERSION) String version) {
        return call("GET", "/users/count", auth, version, null);
    }

    /** {@code GET /users/{id}}. */
    @GET
    @Path("users/{id}")
    public Response get(@PathParam("id") String id, @HeaderParam(AUTHORIZATION) String auth,
            @HeaderParam(API_VERSION) String version) {
        return call("GET", "/users/" + id, auth, version, null);
    }

    /** {@code PATCH /users/{id}}: profile fields, including {@code username}. */
    @PATCH
    @Path("users/{id}")
    public Response update(@PathParam("id") String id, @HeaderParam(AUTHORIZATION) String auth,
            @HeaderParam(API_VERSION) String version, String body) {
        return call("PATCH", "/users/" + id, auth, version, body);
    }

    /** {@code PATCH /users/{id}/metadata}: deep merge. */
    @PATCH
    @Path("users/{id}/metadata")
    public Response updateMetadata(@PathParam("id") String id, @HeaderParam(AUTHORIZATION) String auth,
            @HeaderParam(API_VERSION) String version, String body) {
        return call("PATCH", "/users/" + id + "/metadata", auth, version, body);
    }

    /** {@code DELETE /users/{id}}. */
    @DELETE
    @Path("users/{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(AUTHORIZATION) String auth,
            @HeaderParam(API_VERSION) String version) {
        return call("DELETE", "/users/" + id, auth, version, null);
    }

    /** {@code GET /jwks}: the public keys the simulator's session tokens are signed with. */
    @GET
    @Path("jwks")
    public Response jwks(@HeaderParam(AUTHORIZATION) String auth, @HeaderParam(API_VERSION) String version) {
        return call("GET", "/jwks", auth, version, null);
    }

    private Response call(String method, String path, String auth, String version, String body) {
        ClerkSimulator simulator = service.simulator().orElseThrow(NotFoundException::new);
        Map<String, List<String>> query = new HashMap<>(uriInfo.getQueryParameters(true));
        SimulatorResponse answer = simulator.handle(new SimulatorRequest(method, path, query, auth, version, body));
        Response.ResponseBuilder response = Response.status(answer.status())
                .entity(answer.body())
                .type(MediaType.APPLICATION_JSON_TYPE);
        answer.headers().forEach(response::header);
        return response.build();
    }
}
