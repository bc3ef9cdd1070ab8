package io.clerkcache.api;

import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.clerkcache.clerk.ClerkCallStats;
import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.security.AccessRules;
import io.clerkcache.security.RequiresRole;
import io.clerkcache.users.UserChanges;
import io.clerkcache.webhook.WebhookStats;
import io.clerkcache.users.UpstreamLimiter;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.LookupStats;
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
    LookupStats lookups;
    @Inject
    ClerkCallStats clerkCalls;
    @Inject
    UserCaches caches;
    @Inject
    UserCacheConfig config;
    @Inject
    CacheStatistics cacheStatistics;
    @Inject
    BatchBulkhead batches;
    @Inject
    UpstreamLimiter callerLimit;
    @Inject
    UserChanges changes;
    @Inject
    WebhookStats webhooks;

    /** Counters of every layer since this instance started (this instance only). */
    @GET
    @Path("stats")
    @Operation(operationId = "getCacheStats", summary = "Counters of every cache layer on this instance")
    @APIResponse(responseCode = "200", description = "the counters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CacheStats")))
    public JsonObject stats() {
        LookupStats.Snapshot s = lookups.snapshot();
        JsonObjectBuilder byOperation = JSON.createObjectBuilder();
        for (Map.Entry<ClerkOperation, Long> e : clerkCalls.callsByOperation().entrySet()) {
            byOperation.add(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
        }
        JsonObjectBuilder perCache = JSON.createObjectBuilder();
        for (String logical : new String[] {UserCaches.USERS, UserCaches.USERNAMES}) {
            String name = caches.physicalName(logical);
            CacheStatistics.Snapshot c = cacheStatistics.snapshot(name);
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
                    .add("singleFlightWaits", c.singleFlightWaits()));
        }
        return JSON.createObjectBuilder()
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
                        .add("batchesRefused", batches.refused())
                        .add("callerLimited", callerLimit.refused()))
                .add("clerk", JSON.createObjectBuilder()
                        .add("calls", clerkCalls.totalCalls())
                        .add("callsByOperation", byOperation)
                        .add("retries", clerkCalls.retries())
                        .add("rateLimited", clerkCalls.rateLimited())
                        .add("unavailable", clerkCalls.unavailable()))
                .add("webhooks", webhookCounts())
                .build();
    }

    private JsonObjectBuilder webhookCounts() {
        JsonObjectBuilder byType = JSON.createObjectBuilder();
        webhooks.snapshot().forEach((type, outcomes) -> {
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
}
