package io.clerkcache.simulator;

import java.util.List;
import java.util.Map;

/**
 * A request as a test HTTP server received it.
 *
 * @param method HTTP method
 * @param path raw path
 * @param rawQuery raw query string, or {@code null}
 * @param query decoded query parameters, repeated keys kept
 * @param headers request headers (names lower-case)
 * @param body request body
 */
public record RecordedRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
        Map<String, List<String>> headers, String body) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }
}
