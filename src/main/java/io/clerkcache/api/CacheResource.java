package io.clerkcache.api;

import java.io.InputStream;
import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.ops.DeployTimeWarming;
import io.clerkcache.ops.CacheReport;
import io.clerkcache.ops.UserWarming;
import io.clerkcache.ops.WarmResult;
import io.clerkcache.ops.WarmingStatus;
import io.clerkcache.security.AccessRules;
import io.clerkcache.security.RequiresRole;
import io.clerkcache.users.UserChanges;
import io.clerkcache.users.UserDirectory;

/**
 * Cache operations: what the layers are doing, and invalidation by hand. Administrators only.
 *
 * <p>OpenAPI: the responses on the class are those every method can give (authentication and the admin role, whose
 * check may need a signed-in caller's user from Clerk); the shared responses and schemas they name are in
 * {@code META-INF/openapi.yaml}.
 */
@Path("api/cache")
@Tag(name = "cache")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "500", ref = "InternalError")
@APIResponse(responseCode = "502", ref = "ClerkError")
@APIResponse(responseCode = "503", ref = "ServiceUnavailable")
@RequiresRole(AccessRules.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    /** Looked up once: {@code Json.create...} runs a provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    UserDirectory directory;
    @Inject
    UserChanges changes;
    @Inject
    CacheReport report;

    /**
     * Counters of every layer since this instance started (this instance only), read from the same recorder that
     * {@code /metrics} exports.
     */
    @GET
    @Path("stats")
    @Operation(operationId = "getCacheStats", summary = "Counters of every cache layer on this instance")
    @APIResponse(responseCode = "200", description = "the counters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CacheStats")))
    public JsonObject stats() {
        return report.json();
    }

    /** Drops one user from the cache (and its username from the index); the next lookup asks Clerk. */
    @DELETE
    @Path("users/{id}")
    @Operation(operationId = "invalidateUser", summary = "Drop one user from the cache",
            description = "The user and its username index entry go, on every instance; the next lookup asks Clerk.")
    @APIResponse(responseCode = "204", description = "dropped (or was not cached)")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    public void invalidate(@PathParam("id") @Parameter(description = "the user's id",
            schema = @Schema(ref = "UserId")) String id) {
        directory.invalidate(id);
    }

    /**
     * Drops every cached user that carries a tag ({@code role:<role>} or {@code org:<organization id>}), on every
     * instance; answers how many users were dropped ({@code -1}: the in-memory tag index had outgrown its bound and
     * every user was dropped).
     */
    @DELETE
    @Path("tags/{tag}")
    @Operation(operationId = "invalidateTag", summary = "Drop every cached user that carries a tag",
            description = "Through the per-tag index (no scan), on every instance.")
    @APIResponse(responseCode = "200", description = "the tag and how many users were dropped",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TagInvalidation")))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    public JsonObject invalidateTag(@PathParam("tag") @Parameter(description = "role:<role> or "
            + "org:<organization id>", example = "role:expert") String tag) {
        int n = changes.invalidateTag(tag);
        return JSON.createObjectBuilder().add("tag", tag).add("invalidated", n).build();
    }

    /** Drops every cached user. */
    @DELETE
    @Path("users")
    @Operation(operationId = "invalidateAllUsers", summary = "Drop every cached user",
            description = "Every user and the username index, on every instance.")
    @APIResponse(responseCode = "204", description = "dropped")
    public void invalidateAll() {
        directory.invalidateAll();
    }

    // ----------------------------------------------------------------------------------------------------- warming

    @Inject
    UserWarming warming;
    @Inject
    DeployTimeWarming deployTimeWarming;

    /**
     * Caches users before anyone asks for them: {@code {"ids":[...]}} in (at most {@code clerk.cache.batch-max-ids}
     * distinct ids), {@code {"warmed":n,"missing":[...]}} out, once they are cached. Ids cached already cost nothing;
     * the others are loaded in Clerk calls of up to 100 ids at warming's own pace ({@code clerk.warm.rate}), outside
     * this caller's limit on Clerk calls.
     */
    @POST
    @Path("warm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "warmUsers", summary = "Cache users before anyone asks for them",
            description = "Ids cached already cost nothing; the others are loaded in Clerk calls of up to 100 ids, at "
                    + "clerk.warm.rate calls per second, never while Clerk's rate limit blocks calls, and outside the "
                    + "caller's limit. Answers once they are cached.")
    @APIResponse(responseCode = "200", description = "how many of the users are cached now, and the unknown ids",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WarmResult")))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public JsonObject warm(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "BatchRequest"))) InputStream body) {
        WarmResult result = warming.warm(JsonBodies.readIds(body));
        JsonArrayBuilder missing = JSON.createArrayBuilder();
        result.missing().forEach(missing::add);
        return JSON.createObjectBuilder().add("warmed", result.warmed()).add("missing", missing).build();
    }

    /**
     * Where the warming at deployment stands: {@code state} ({@code off}, {@code running}, {@code finished},
     * {@code failed}), counts, times and the reason of a failure.
     */
    @GET
    @Path("warm")
    @Operation(operationId = "getWarmingAtDeployment", summary = "Where the warming at deployment stands")
    @APIResponse(responseCode = "200", description = "its state and counts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WarmingStatus")))
    public JsonObject warmingAtDeployment() {
        WarmingStatus s = deployTimeWarming.status();
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("state", s.state().name().toLowerCase(Locale.ROOT))
                .add("ids", s.ids())
                .add("warmed", s.warmed())
                .add("missing", s.missing())
                .add("chunks", s.chunks())
                .add("chunksDone", s.chunksDone());
        if (s.startedAt() != null) {
            b.add("startedAt", s.startedAt().toString());
        }
        if (s.finishedAt() != null) {
            b.add("finishedAt", s.finishedAt().toString());
        }
        if (s.failure() != null) {
            b.add("failure", s.failure());
        }
        return b.build();
    }
}
