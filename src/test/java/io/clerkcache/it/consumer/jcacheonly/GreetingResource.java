package io.clerkcache.it.consumer.jcacheonly;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/** The JCache-only module's cached values over HTTP, with how often they were computed. */
@Path("greetings/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class GreetingResource {

    @Inject
    GreetingService greetings;

    @GET
    public JsonObject greeting(@PathParam("name") String name) {
        String greeting = greetings.greeting(name);
        return Json.createObjectBuilder().add("greeting", greeting).add("computed", greetings.computed()).build();
    }

    @DELETE
    public void forget(@PathParam("name") String name) {
        greetings.forget(name);
    }

    /** The module's JAX-RS application. */
    @ApplicationPath("api")
    public static class GreetingApplication extends Application {
    }
}
