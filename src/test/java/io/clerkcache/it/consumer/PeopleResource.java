package io.clerkcache.it.consumer;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.UserCaches;

/**
 * A consumer module's resource that uses clerk-cache's directory from the library jars, as any module would: lookups,
 * and an invalidation after a change it made to a user by other means.
 */
@Path("people")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {

    @Inject
    UserDirectory users;

    @Inject
    UserCaches caches;

    @Inject
    UserChangeActions actions;

    @GET
    @Path("{id}")
    public Response byId(@PathParam("id") String id) {
        return users.byId(id).map(u -> Response.ok(json(u))).orElse(Response.status(404)).build();
    }

    /**
     * Looks the user up twice in this request with the shared cache emptied in between: only the request memo can
     * answer the second lookup without asking Clerk again.
     */
    @GET
    @Path("{id}/twice")
    public Response twiceWithSharedCacheCleared(@PathParam("id") String id) {
        boolean first = users.byId(id).isPresent();
        caches.cache(UserCaches.USERS).clear();
        return users.byId(id).filter(u -> first).map(u -> Response.ok(json(u))).orElse(Response.status(404)).build();
    }

    /** What a module calls after it changed a user in Clerk by other means. */
    @POST
    @Path("{id}/invalidate")
    public Response invalidate(@PathParam("id") String id) {
        users.invalidate(id);
        return Response.noContent().build();
    }

    /** The same, declared with {@code @CacheRemove(cacheName = "users")} on the module's own bean. */
    @POST
    @Path("{id}/changed")
    public Response changed(@PathParam("id") String id) {
        actions.changed(id);
        return Response.noContent().build();
    }

    private static JsonObject json(ClerkUser u) {
        return Json.createObjectBuilder().add("id", u.id())
                .add("username", u.username() == null ? "" : u.username()).build();
    }
}
