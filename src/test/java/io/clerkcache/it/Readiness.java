package io.clerkcache.it;

import java.net.http.HttpResponse;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The deployments' readiness checks in {@code /health/ready}, which lists those of every deployment of the server. */
final class Readiness {

    private Readiness() {
    }

    /** The {@code clerk-cache} check of the deployment whose key prefix starts with {@code keyPrefixStart}. */
    static JsonObject checkOf(Http http, String keyPrefixStart) {
        HttpResponse<String> r = http.health("/health/ready");
        JsonArray checks = Http.object(r).getJsonArray("checks");
        boolean leftoversOnly = checks.stream().map(JsonValue::asJsonObject)
                .filter(c -> !"UP".equals(c.getString("status", ""))).allMatch(TestServer.current()::isLeftoverHealthCheck);
        // ready, unless the only checks DOWN are what a failed deployment left behind (TestServer)
        assertEquals(200, r.statusCode() == 503 && leftoversOnly ? 200 : r.statusCode(), r::body);
        for (JsonValue v : checks) {
            JsonObject check = v.asJsonObject();
            JsonObject data = check.getJsonObject("data");
            if ("clerk-cache".equals(check.getString("name")) && data != null
                    && data.getString("keyPrefix", "").startsWith(keyPrefixStart)) {
                return check;
            }
        }
        throw new AssertionError("no clerk-cache readiness check for prefix " + keyPrefixStart + ": " + r.body());
    }
}
