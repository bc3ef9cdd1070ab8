package io.clerkcache.it;

import java.net.http.HttpResponse;

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
        assertEquals(200, r.statusCode(), r::body);
        for (JsonValue v : Http.object(r).getJsonArray("checks")) {
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
