package io.clerkcache.users;

import java.util.Map;

import jakarta.json.Json;

import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorRequest;
import io.clerkcache.simulator.SimulatorResponse;

/**
 * Changes made in the Clerk stand-in as a dashboard edit would, straight on the simulator: they are not HTTP requests,
 * so they are not among the service's calls that a test counts with {@code SimulatorHttpServer.requests()}.
 */
final class ClerkEdits {

    private ClerkEdits() {
    }

    /** Sets one profile field ({@code username}, {@code first_name}, ...) of a user. */
    static void set(ClerkSimulator simulator, String id, String field, String value) {
        SimulatorResponse response = simulator.handle(new SimulatorRequest("PATCH", "/users/" + id, Map.of(),
                "Bearer sk_test_directory", null, Json.createObjectBuilder().add(field, value).build().toString()));
        if (response.status() != 200) {
            throw new AssertionError("PATCH " + field + " of " + id + ": " + response.status() + " " + response.body());
        }
    }
}
