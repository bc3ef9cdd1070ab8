package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The deployment's built-in Clerk simulator, seen from a test: its data, its knobs, and what it was asked. */
final class Simulator {

    static final String KEY = "sk_test_demo";

    private final Http http;

    Simulator(Http http) {
        this.http = http;
    }

    /** Clears the simulator's call statistics. */
    void resetStats() {
        HttpResponse<String> r = http.post("simulator/control/reset", "");
        assertEquals(200, r.statusCode(), r::body);
    }

    /** Restores the seed data (after a test changed a user). */
    void reseed() {
        HttpResponse<String> r = http.post("simulator/control/reset?reseed=true", "");
        assertEquals(200, r.statusCode(), r::body);
    }

    void latency(int millis) {
        HttpResponse<String> r = http.put("simulator/control/settings", "{\"latencyMs\":" + millis + "}");
        assertEquals(200, r.statusCode(), r::body);
    }

    /** API calls the simulator answered since the last reset. */
    long calls() {
        return stats().getJsonNumber("total_calls").longValue();
    }

    /** The recent calls, oldest first: each with method, path and the user ids or usernames it asked for. */
    List<Call> recentCalls() {
        List<Call> calls = new ArrayList<>();
        for (JsonValue v : stats().getJsonArray("recent_calls")) {
            JsonObject c = v.asJsonObject();
            calls.add(new Call(c.getString("method"), c.getString("path"), strings(c.getJsonArray("user_id")),
                    strings(c.getJsonArray("username"))));
        }
        return calls;
    }

    /** {@code n} user ids, in the simulator's default order (newest first), starting at {@code offset}. */
    List<String> userIds(int offset, int n) {
        List<String> ids = new ArrayList<>(n);
        for (JsonObject u : users(offset, n)) {
            ids.add(u.getString("id"));
        }
        return ids;
    }

    /** {@code n} users (Clerk documents), starting at {@code offset}. */
    List<JsonObject> users(int offset, int n) {
        List<JsonObject> users = new ArrayList<>(n);
        while (users.size() < n) {
            int limit = Math.min(500, n - users.size());
            HttpResponse<String> r = http.getWithBearer("simulator/v1/users?limit=" + limit + "&offset="
                    + (offset + users.size()), KEY);
            assertEquals(200, r.statusCode(), r::body);
            JsonArray page = Http.array(r);
            if (page.isEmpty()) {
                throw new IllegalStateException("the simulator has fewer than " + (offset + n) + " users");
            }
            page.forEach(v -> users.add(v.asJsonObject()));
        }
        return users;
    }

    /** The first of the newest users that has a username (some simulated users have none, as in Clerk). */
    JsonObject firstUserWithUsername() {
        return users(0, 50).stream().filter(u -> u.get("username") instanceof jakarta.json.JsonString)
                .findFirst().orElseThrow(() -> new IllegalStateException("no seeded user has a username"));
    }

    /** Up to {@code n} ids of users holding {@code role} in {@code public_metadata.role}, oldest first. */
    List<String> userIdsWithRole(String role, int n) {
        HttpResponse<String> r = http.get("simulator/control/users?role=" + role + "&limit=" + n);
        assertEquals(200, r.statusCode(), r::body);
        List<String> ids = new ArrayList<>();
        Http.object(r).getJsonArray("users").forEach(u -> ids.add(u.asJsonObject().getString("id")));
        return ids;
    }

    /** A session token for a user, as Clerk issues one after sign-in (valid 60 s). */
    String sessionToken(String userId) {
        HttpResponse<String> r = http.post("simulator/control/tokens", "{\"userId\":\"" + userId + "\"}");
        assertEquals(200, r.statusCode(), r::body);
        return Http.object(r).getString("token");
    }

    /** Renames a user in "Clerk", as a dashboard edit would. */
    void rename(String id, String username) {
        HttpResponse<String> r = http.patch("simulator/v1/users/" + id, "{\"username\":\"" + username + "\"}", KEY);
        assertEquals(200, r.statusCode(), r::body);
    }

    private JsonObject stats() {
        HttpResponse<String> r = http.get("simulator/control/stats");
        assertEquals(200, r.statusCode(), r::body);
        return Http.object(r);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(v -> out.add(((jakarta.json.JsonString) v).getString()));
        }
        return out;
    }

    /** One call Clerk (the simulator) received. */
    record Call(String method, String path, List<String> userIds, List<String> usernames) {
    }
}
