package io.clerkcache.it;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/**
 * The JAX-RS application of "another module" in {@link JsonBindingIT}: one resource returning a plain Java record,
 * which the server's JSON provider serialises. The service's own API writes JSON-P, so this is where the binding
 * provider shows.
 */
@ApplicationPath("jsonb")
public class JsonBindingModuleApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SampleResource.class);
    }

    /** A value as a module would return it: a record, one component null. */
    public record Sample(String username, String middleName, List<String> roles, int logins) {
    }

    /** {@code GET /jsonb/sample}. */
    @Path("sample")
    public static class SampleResource {

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Sample sample() {
            return new Sample("ada", null, List.of("admin", "expert"), 3);
        }
    }
}
