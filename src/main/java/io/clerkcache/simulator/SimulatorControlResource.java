package io.clerkcache.simulator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.clerkcache.clerk.ClerkUser;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Test and benchmark controls of the demo-mode simulator, under {@code /simulator/control} (registered in demo mode only):
 * <ul>
 * <li>{@code GET stats}: API calls in total and per operation, 429s, and the most recent calls;</li>
 * <li>{@code POST reset[?reseed=true]}: clear the statistics and the rate window, optionally restore the seed users;</li>
 * <li>{@code GET settings}, {@code PUT settings} with
 * {@code {"latencyMs":50,"rateLimit":1000,"userWriteLimit":10,"webhookDelivery":"hold"}} (every field optional);</li>
 * <li>{@code POST users} with {@code {"count":2000}}: generate more users;</li>
 * <li>{@code GET users?role=admin&limit=10}: ids, usernames and roles of users (oldest first), optionally only those
 * with a role, to pick a caller for a session token;</li>
 * <li>{@code POST tokens} with {@code {"userId":"user_...","expiresInSeconds":3600}} ({@code expiresInSeconds}
 * optional, default 60 like Clerk's, at most 86400): a session token for that user, signed with the key the simulator
 * serves at {@code GET /simulator/v1/jwks}, as {@code {"token":"...","userId":"...","expiresAt":<epoch s>}};</li>
 * <li>{@code PATCH users/{id}} with profile fields and/or metadata objects, {@code DELETE users/{id}}: change a user
 * as Clerk's dashboard would, which emits {@code user.updated} / {@code user.deleted} (answers in Clerk's shapes);</li>
 * <li>{@code GET webhooks}: the recent Clerk events and their delivery; {@code POST webhooks/{svixId}/deliver}: send
 * one again now, answering {@code {"status":<the receiver's status>}}.</li>
 * </ul>
 * See {@link SimulatorControl} for the details.
 */
@ApplicationScoped
@Path("simulator/control")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorControlResource {

    private static final int DEFAULT_USER_LIST = 10;
    private static final int MAX_USER_LIST = 500;

    @Inject
    SimulatorService service;

    /** Call statistics. */
    @GET
    @Path("stats")
    public JsonObject stats() {
        return simulator().stats();
    }

    /** Clears statistics; with {@code reseed=true} also restores the seeded users. */
    @POST
    @Path("reset")
    public JsonObject reset(@QueryParam("reseed") boolean reseed) {
        ClerkSimulator simulator = simulator();
        simulator.reset(reseed);
        return Json.createObjectBuilder().add("reset", true).add("reseeded", reseed)
                .add("users", simulator.userCount()).build();
    }

    /** Current latency and rate limit. */
    @GET
    @Path("settings")
    public JsonObject settings() {
        return simulator().settings();
    }

    /**
     * Changes latency ({@code latencyMs}), rate limit ({@code rateLimit}, calls per 10 s, 0 = none) and/or the
     * per-user write limit ({@code userWriteLimit}, writes per user and 10 s, 0 = none).
     */
    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response updateSettings(String body) {
        return send(new SimulatorControl(simulator()).updateSettings(body));
    }

    /** Generates {@code count} more users (the next ones of the seed sequence). */
    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addUsers(String body) {
        ClerkSimulator simulator = simulator();
        JsonObject request = parse(body);
        if (request == null || !(request.get("count") instanceof JsonNumber count) || count.intValue() < 0
                || count.intValue() > ClerkSimulator.MAX_USERS_PER_ADD) {
            return badRequest("expected {\"count\":N} with 0 <= N <= " + ClerkSimulator.MAX_USERS_PER_ADD);
        }
        int before = simulator.userCount();
        int total = simulator.addUsers(count.intValue());
        return Response.ok(Json.createObjectBuilder().add("added", total - before).add("users", total).build())
                .build();
    }

    /** Changes profile fields and/or metadata of a user, as Clerk's dashboard would; emits {@code user.updated}. */
    @PATCH
    @Path("users/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response editUser(@PathParam("id") String id, String body) {
        return send(new SimulatorControl(simulator()).editUser(id, body));
    }

    /** Deletes a user, as Clerk's dashboard would; emits {@code user.deleted}. */
    @DELETE
    @Path("users/{id}")
    public Response deleteUser(@PathParam("id") String id) {
        return send(new SimulatorControl(simulator()).deleteUser(id));
    }

    /** The recent Clerk events of the simulated users' changes, and how their delivery went. */
    @GET
    @Path("webhooks")
    public Response webhooks() {
        return send(new SimulatorControl(simulator()).webhooks());
    }

    /** Delivers one recent event (again) now, with a fresh timestamp and signature, and answers the receiver's status. */
    @POST
    @Path("webhooks/{svixId}/deliver")
    public Response deliver(@PathParam("svixId") String svixId) {
        return send(new SimulatorControl(simulator()).deliver(svixId));
    }

    /** Users (id, username, roles), oldest first; with {@code role}, only users holding it. */
    @GET
    @Path("users")
    public Response users(@QueryParam("role") String role, @QueryParam("limit") String limitText) {
        ClerkSimulator simulator = simulator();
        int limit;
        try {
            limit = limitText == null ? DEFAULT_USER_LIST : Integer.parseInt(limitText.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_USER_LIST || (role != null && role.isBlank())) {
            return badRequest("expected ?limit=N with 1 <= N <= " + MAX_USER_LIST + " and an optional non-blank role");
        }
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (JsonObject user : simulator.usersWithRole(role, limit)) {
            ClerkUser u = ClerkUser.of(user);
            JsonObjectBuilder entry = Json.createObjectBuilder().add("id", u.id());
            if (u.username() != null) {
                entry.add("username", u.username());
            }
            users.add(entry.add("roles", Json.createArrayBuilder(u.roles())));
        }
        return Response.ok(Json.createObjectBuilder().add("users", users).build()).build();
    }

    /** A session token for a simulated user, as Clerk's Frontend API would issue one after sign-in. */
    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response token(String body) {
        ClerkSimulator simulator = simulator();
        JsonObject request = parse(body);
        JsonValue lifetime = request == null ? null : request.get("expiresInSeconds");
        long maxSeconds = SimulatedSessionTokens.MAX_LIFETIME.toSeconds();
        if (request == null || !(request.get("userId") instanceof JsonString userId)
                || (lifetime != null && !(lifetime instanceof JsonNumber n && n.isIntegral()
                        && n.bigDecimalValue().compareTo(BigDecimal.ONE) >= 0
                        && n.bigDecimalValue().compareTo(BigDecimal.valueOf(maxSeconds)) <= 0))) {
            return badRequest("expected {\"userId\":\"user_...\"} with an optional \"expiresInSeconds\" between 1 and "
                    + maxSeconds);
        }
        if (simulator.user(userId.getString()) == null) {
            return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.createObjectBuilder()
                    .add("error", "the simulator has no user with that id").build().toString()).build();
        }
        Duration ttl = lifetime == null ? SimulatedSessionTokens.DEFAULT_LIFETIME
                : Duration.ofSeconds(((JsonNumber) lifetime).longValue());
        SimulatedSessionTokens.SessionToken token = simulator.sessionTokens().mint(userId.getString(), ttl);
        return Response.ok(Json.createObjectBuilder()
                .add("token", token.token())
                .add("userId", userId.getString())
                .add("expiresAt", token.expiresAt().getEpochSecond())
                .build()).build();
    }

    private ClerkSimulator simulator() {
        return service.simulator().orElseThrow(NotFoundException::new);
    }

    private static JsonObject parse(String body) {
        return SimulatorControl.parse(body);
    }

    private static Response badRequest(String message) {
        return send(SimulatorControl.badRequest(message));
    }

    private static Response send(SimulatorResponse answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body())
                .type(MediaType.APPLICATION_JSON_TYPE);
        answer.headers().forEach(response::header);
        return response.build();
    }
}
