package io.clerkcache.api;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.security.AccessDeniedException;
import io.clerkcache.security.AccessRules;
import io.clerkcache.security.Caller;
import io.clerkcache.security.CurrentCaller;
import io.clerkcache.security.UserView;
import io.clerkcache.users.UserBatch;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.UserWrites;
import io.clerkcache.security.RequiresRole;

/**
 * Reads of Clerk users over HTTP, through the {@link UserDirectory}, and (for admins) writes through
 * {@link UserWrites}. Users are Clerk's own JSON documents, as much of
 * each as the caller may read ({@link AccessRules}: the whole document or the public profile). Where the caller may
 * read nothing of other users, the refusal comes before any lookup.
 *
 * <p>OpenAPI: the responses on the class are those every method can give (authentication, the caller's role, which
 * may need the caller's user from Clerk, and input checks); the shared responses and schemas they name are in
 * {@code META-INF/openapi.yaml}.
 */
@Path("api/users")
@Tag(name = "users")
@APIResponse(responseCode = "400", ref = "InvalidRequest")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "500", ref = "InternalError")
@APIResponse(responseCode = "502", ref = "ClerkError")
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    UserDirectory directory;
    @Inject
    AccessRules access;
    @Inject
    CurrentCaller current;
    @Inject
    BatchBulkhead bulkhead;
    @Inject
    UserWrites writes;

    /** One user by id, or a 404 problem. */
    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "A user by id",
            description = "From the request memo, the cache, or Clerk. 403 where the caller may read no other users.")
    @APIResponse(responseCode = "200", ref = "User")
    @APIResponse(responseCode = "404", ref = "UserNotFound")
    public JsonObject byId(@PathParam("id") @Parameter(description = "the user's id",
            schema = @Schema(ref = "UserId")) String id) {
        Caller caller = current.require();
        if (access.viewOf(caller, id) == UserView.NONE) {
            throw new AccessDeniedException("you may not read other users");
        }
        ClerkUser user = directory.byId(id).orElseThrow(() -> notFound("no user with id " + id));
        return access.render(caller, user);
    }

    /** One user by username, or a 404 problem. */
    @GET
    @Path("by-username/{username}")
    @Operation(operationId = "getUserByUsername", summary = "A user by username",
            description = "Usernames are compared case-insensitively. Where the caller may read no other users, any "
                    + "name but its own is refused (403) before the lookup.")
    @APIResponse(responseCode = "200", ref = "User")
    @APIResponse(responseCode = "404", ref = "UserNotFound")
    public JsonObject byUsername(@PathParam("username") @Parameter(description = "the username (1 to 64 letters, "
            + "digits or _ . -)", schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9A-Za-z_.-]{1,64}$"))
            String username) {
        Caller caller = current.require();
        if (access.viewOfOthers(caller) == UserView.NONE && !isOwnUsername(caller, username)) {
            // Refused before the lookup: not even whether the name exists is told, and nothing is asked of Clerk.
            throw new AccessDeniedException("you may not read other users");
        }
        ClerkUser user = directory.byUsername(username)
                .orElseThrow(() -> notFound("no user with username " + username));
        return access.render(caller, user);
    }

    /** Many users: {@code {"ids":[...]}} in, {@code {"users":[...],"missing":[...]}} out, users in request order. */
    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getUsers", summary = "Many users at once",
            description = "One cache round trip; Clerk is asked only for the ids the cache misses (up to 100 per "
                    + "call). Ids Clerk does not know are listed in missing.")
    @APIResponse(responseCode = "200", description = "the users found, in request order, and the ids not found",
            headers = @Header(name = UpstreamLookupsHeaderFilter.HEADER, ref = UpstreamLookupsHeaderFilter.HEADER),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BatchResponse")))
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public JsonObject batch(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "BatchRequest"))) InputStream body) {
        Caller caller = current.require();
        List<String> ids = JsonBodies.readIds(body);
        if (access.viewOfOthers(caller) == UserView.NONE
                && ids.stream().anyMatch(id -> access.viewOf(caller, id) == UserView.NONE)) {
            throw new AccessDeniedException("you may not read other users");
        }
        return bulkhead.run(() -> {
            UserBatch batch = directory.byIds(ids);
            JsonArrayBuilder users = JSON.createArrayBuilder();
            batch.users().forEach(u -> users.add(access.render(caller, u)));
            JsonArrayBuilder missing = JSON.createArrayBuilder();
            batch.missing().forEach(missing::add);
            return JSON.createObjectBuilder().add("users", users).add("missing", missing).build();
        });
    }

    /**
     * Admins: deep-merges metadata into the user in Clerk ({@code public_metadata}, {@code private_metadata},
     * {@code unsafe_metadata} objects), then caches Clerk's answer; answers the user.
     */
    @PATCH
    @Path("{id}/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessRules.ADMIN)
    @Operation(operationId = "updateUserMetadata", summary = "Merge metadata into a user (administrators)",
            description = "Deep-merged in Clerk (objects merge, null removes a key), then Clerk's answer is cached on "
                    + "every instance.")
    @APIResponse(responseCode = "200", ref = "User")
    @APIResponse(responseCode = "404", ref = "UserNotFound")
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "WriteRejected")
    public JsonObject updateMetadata(@PathParam("id") @Parameter(description = "the user's id",
            schema = @Schema(ref = "UserId")) String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "MetadataPatch"))) InputStream body) {
        return access.render(current.require(), writes.updateMetadata(id, readObject(body)));
    }

    /** Admins: sets the user's roles ({@code {"roles":["expert"]}}, kept in {@code public_metadata.role}). */
    @PUT
    @Path("{id}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessRules.ADMIN)
    @Operation(operationId = "setUserRoles", summary = "Set a user's roles (administrators)",
            description = "Written to public_metadata.role in Clerk, then Clerk's answer is cached on every instance "
                    + "(with its role tags).")
    @APIResponse(responseCode = "200", ref = "User")
    @APIResponse(responseCode = "404", ref = "UserNotFound")
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "WriteRejected")
    public JsonObject setRoles(@PathParam("id") @Parameter(description = "the user's id",
            schema = @Schema(ref = "UserId")) String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "RolesRequest"))) InputStream body) {
        JsonObject request = readObject(body);
        if (request.size() != 1) {
            throw badBody("expected {\"roles\":[\"role\", ...]}");
        }
        List<String> roles = JsonBodies.strings(request, "roles", "expected {\"roles\":[\"role\", ...]}");
        return access.render(current.require(), writes.setRoles(id, roles));
    }

    /** Admins: changes profile fields ({@code first_name}, {@code last_name}, {@code username}, {@code external_id}). */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(AccessRules.ADMIN)
    @Operation(operationId = "updateUserProfile", summary = "Change a user's profile fields (administrators)",
            description = "Changed in Clerk, then Clerk's answer is cached on every instance (a new username is "
                    + "indexed, the old one forgotten).")
    @APIResponse(responseCode = "200", ref = "User")
    @APIResponse(responseCode = "404", ref = "UserNotFound")
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "WriteRejected")
    public JsonObject updateProfile(@PathParam("id") @Parameter(description = "the user's id",
            schema = @Schema(ref = "UserId")) String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "ProfilePatch"))) InputStream body) {
        return access.render(current.require(), writes.updateProfile(id, readObject(body)));
    }

    /** Admins: deletes the user in Clerk; lookups answer 404 from then on, without asking Clerk. */
    @DELETE
    @Path("{id}")
    @RequiresRole(AccessRules.ADMIN)
    @Operation(operationId = "deleteUser", summary = "Delete a user in Clerk (administrators)",
            description = "Deleted in Clerk, then a tombstone is cached: lookups of the user answer 404 from then on, "
                    + "on every instance, without asking Clerk.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", ref = "UserNotFound")
    @APIResponse(responseCode = "422", ref = "WriteRejected")
    public void delete(@PathParam("id") @Parameter(description = "the user's id", schema = @Schema(ref = "UserId"))
            String id) {
        writes.delete(id);
    }

    private static JsonObject readObject(InputStream body) {
        JsonStructure json = JsonBodies.parse(JsonBodies.readBounded(body));
        if (!(json instanceof JsonObject o)) {
            throw badBody("expected a JSON object");
        }
        return o;
    }

    /** Whether {@code username} is the signed-in caller's own (from the caller's cached user). */
    private boolean isOwnUsername(Caller caller, String username) {
        if (!(caller instanceof Caller.User user)) {
            return false;
        }
        String wanted = username.toLowerCase(Locale.ROOT);
        return directory.byId(user.userId()).map(ClerkUser::username)
                .map(own -> own.toLowerCase(Locale.ROOT).equals(wanted)).orElse(false);
    }

    private static ProblemException badBody(String detail) {
        return new ProblemException(Problem.of("invalid-body", "Invalid request body", 400, detail));
    }

    private static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("user-not-found", "User not found", 404, detail));
    }
}
