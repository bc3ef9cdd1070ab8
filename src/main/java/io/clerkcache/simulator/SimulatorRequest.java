package io.clerkcache.simulator;

import java.util.List;
import java.util.Map;

/**
 * One Backend API request as the simulator sees it, independent of the HTTP server carrying it.
 *
 * @param method HTTP method, upper case
 * @param path path below the API base, e.g. {@code /users/user_123}
 * @param query decoded query parameters; repeated keys keep every value in order
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param apiVersion the {@code Clerk-API-Version} header, or {@code null}
 * @param body the request body, or {@code null}
 */
public record SimulatorRequest(String method, String path, Map<String, List<String>> query, String authorization,
        String apiVersion, String body) {

    /** Copies {@code query} so that later changes by the caller do not leak in. */
    public SimulatorRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
    }
}
