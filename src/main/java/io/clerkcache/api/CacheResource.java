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
import io.clerkcache.metrics.Recorder;
import io.clerkcache.ops.DeployTimeWarming;
import io.clerkcache.ops.RedisProbe;
import io.clerkcache.ops.UserWarming;
import io.clerkcache.ops.WarmResult;
import io.clerkcache.ops.WarmingStatus;
import io.clerkcache.security.AccessRules;
import io.clerkcache.security.RequiresRole;
import io.clerkcache.users.UserChanges;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

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
    Recorder recorder;
    @Inject
    UserCaches caches;
    @Inject
    UserCacheConfig config;
    @Inject
    BatchBulkhead batches;
    @Inject
    UserChanges changes;
    @Inject
    RedisProbe redis;
    @Inject
    ClerkRateBudget budget;

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
        Recorder.Lookups s = recorder.lookups();
        JsonObjectBuilder byOperation = JSON.createObjectBuilder();
        recorder.clerkCallsByOperation().forEach(byOperation::add);
        JsonObjectBuilder perCache = JSON.createObjectBuilder();
        for (String logical : new String[] {UserCaches.USERS, UserCaches.USERNAMES}) {
            String name = caches.physicalName(logical);
            Recorder.CacheCounts c = recorder.cache(name);
            JsonObjectBuilder one = JSON.createObjectBuilder();
            caches.memoryUse(logical).ifPresent(m -> one.add("entries", m.entries())
                    .add("weightBytes", m.weightBytes()).add("maxWeightBytes", m.maxBytes()));
            perCache.add(logical, one
                    .add("name", name)
                    .add("hits", c.hits())
                    .add("misses", c.misses())
                    .add("negativeHits", c.negativeHits())
                    .add("loads", c.loads())
                    .add("loadFailures", c.loadFailures())
                    .add("backendErrors", c.backendErrors())
                    .add("singleFlightWaits", c.singleFlightWaits())
                    .add("singleFlightTimeouts", c.singleFlightTimeouts()));
        }
        RedisProbe.State redisState = redis.state();
        return JSON.createObjectBuilder()
                .add("cacheType", caches.backend())
                .add("redisAvailable", redisState == RedisProbe.State.UP)
                .add("redis", redisState.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .add("hitRatios", JSON.createObjectBuilder()
                        .add("memo", ratio(s.memoHits(), s.requested()))
                        .add("cache", ratio(s.cacheHits(), s.cacheRequests()))
                        .add("overall", ratio(s.requested() - s.upstreamLookups(), s.requested())))
                .add("upstream", JSON.createObjectBuilder()
                        .add("callsSinceStart", recorder.clerkCallsTotal())
                        .add("callsLastMinute", recorder.clerkCallsLastMinute())
                        .add("lookupsSinceStart", s.upstreamLookups()))
                .add("rateBudget", JSON.createObjectBuilder()
                        .add("blockedForMillis", budget.blockedFor().toMillis())
                        .add("rateLimitedAnswers", recorder.clerkRateLimitedAnswers())
                        .add("refusedLocally", recorder.clerkRefusedLocallyCount()))
                .add("backend", caches.backend())
                .add("ttlSeconds", config.ttl().toSeconds())
                .add("negativeTtlSeconds", config.negativeTtl().toSeconds())
                .add("lookups", JSON.createObjectBuilder()
                        .add("requested", s.requested())
                        .add("memoHits", s.memoHits())
                        .add("cacheRequests", s.cacheRequests())
                        .add("cacheHits", s.cacheHits())
                        .add("upstreamLookups", s.upstreamLookups()))
                .add("caches", perCache)
                .add("admission", JSON.createObjectBuilder()
                        .add("batchesRunning", batches.running())
                        .add("batchesRefused", recorder.batchesBusyCount())
                        .add("callerLimited", recorder.callerLimitedCount()))
                .add("clerk", JSON.createObjectBuilder()
                        .add("calls", recorder.clerkCallsTotal())
                        .add("callsByOperation", byOperation)
                        .add("retries", recorder.clerkRetries())
                        .add("rateLimited", recorder.clerkRateLimitedAnswers())
                        .add("unavailable", recorder.clerkCalls("unavailable"))
                        .add("batchCalls", recorder.clerkBatchCalls())
                        .add("batchIds", recorder.clerkBatchIdsTotal()))
                .add("webhooks", webhookCounts())
                .build();
    }

    /** {@code part / whole}, rounded to 4 places; 0 when there is no whole yet. */
    static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    private JsonObjectBuilder webhookCounts() {
        JsonObjectBuilder byType = JSON.createObjectBuilder();
        recorder.webhooks().forEach((type, outcomes) -> {
            JsonObjectBuilder o = JSON.createObjectBuilder();
            outcomes.forEach(o::add);
            byType.add(type, o);
        });
        return byType;
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
