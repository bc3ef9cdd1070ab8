package io.clerkcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.webhook.Deliveries;
import io.clerkcache.webhook.Deliveries.Delivery;

/**
 * Freshness over HTTP, in Liberty on Redis: the webhook endpoint's answers (signature, size, shape), an applied event
 * read by the next lookup without Clerk, the admin write endpoints, and tag invalidation.
 */
@ExtendWith(ArquillianExtension.class)
class FreshnessIT extends DeploymentClient {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String HOOK = "api/webhooks/clerk";
    private static final String UPSTREAM = "Clerk-Cache-Upstream-Lookups";

    private final Deliveries deliveries = new Deliveries(SECRET);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-fresh", Map.of("redis.url", "redis://127.0.0.1:6379",
                "clerk.cache.key-prefix", "it:it-fresh:" + UUID.randomUUID() + ":", "clerk.webhook-secret", SECRET));
    }

    private HttpResponse<String> deliver(Delivery d) {
        return http.webhook(HOOK, d.id(), d.timestamp(), d.signature(), d.body());
    }

    private JsonObject user(String id) {
        HttpResponse<String> r = http.get("api/users/" + id);
        assertEquals(200, r.statusCode(), r::body);
        return Http.object(r);
    }

    @Test
    void webhook_signedNewerUpdate_200AndTheNextLookupServesItWithoutClerk() {
        String id = clerk.userIds(0, 1).get(0);
        JsonObject cached = user(id);
        JsonObject newer = Json.createObjectBuilder(cached).add("first_name", "Webhooked")
                .add("updated_at", cached.getJsonNumber("updated_at").longValue() + 1000).build();

        HttpResponse<String> r = deliver(deliveries.event("user.updated", newer));

        assertEquals(200, r.statusCode(), r::body);
        assertEquals("applied", Http.object(r).getString("outcome"));
        HttpResponse<String> after = http.get("api/users/" + id);
        assertEquals("Webhooked", Http.object(after).getString("first_name"));
        assertEquals("0", after.headers().firstValue(UPSTREAM).orElse(null));
    }

    @Test
    void webhook_refusals_problemsWithTheirStatusAndNothingChanges() {
        String id = clerk.userIds(1, 1).get(0);
        JsonObject cached = user(id);
        JsonObject newer = Json.createObjectBuilder(cached).add("first_name", "Refused")
                .add("updated_at", cached.getJsonNumber("updated_at").longValue() + 1000).build();
        Delivery valid = deliveries.event("user.updated", newer);

        HttpResponse<String> unsigned = http.webhook(HOOK, valid.id(), valid.timestamp(), null, valid.body());
        HttpResponse<String> tampered = deliver(valid.withBody(new String(valid.body(), StandardCharsets.UTF_8)
                .replace("Refused", "Tampered")));
        HttpResponse<String> malformed = deliver(deliveries.raw("{\"type\":"));
        HttpResponse<String> shapeless = deliver(deliveries.raw("{\"type\":\"user.updated\",\"data\":{}}"));
        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> tooLarge = http.webhook(HOOK, valid.id(), valid.timestamp(), valid.signature(), huge);

        assertProblem(401, unsigned);
        assertProblem(401, tampered);
        assertProblem(400, malformed);
        assertProblem(400, shapeless);
        assertProblem(413, tooLarge);
        assertEquals(cached.getString("first_name"), user(id).getString("first_name"));
    }

    @Test
    void webhook_needsNoApiCredentialsButOtherApisStillDo() {
        HttpResponse<String> r = http.anonymous().get("api/users/" + clerk.userIds(0, 1).get(0));
        assertEquals(401, r.statusCode());
        Delivery other = deliveries.event("session.created", Json.createObjectBuilder().add("id", "sess_x").build());
        HttpResponse<String> hook = http.webhook(HOOK, other.id(), other.timestamp(), other.signature(), other.body());
        assertEquals(200, hook.statusCode(), hook::body);
        assertEquals("ignored", Http.object(hook).getString("outcome"));
    }

    @Test
    void adminWrites_clerkFirstThenTheCache_nextLookupWithoutClerk() {
        String id = clerk.userIds(2, 1).get(0);
        user(id);

        HttpResponse<String> roles = http.put("api/users/" + id + "/roles", "{\"roles\":[\"expert\",\"editor\"]}");
        HttpResponse<String> meta = http.patch("api/users/" + id + "/metadata",
                "{\"public_metadata\":{\"plan\":\"team\"}}");
        HttpResponse<String> profile = http.patch("api/users/" + id, "{\"first_name\":\"Grace\"}");

        assertEquals(200, roles.statusCode(), roles::body);
        assertEquals(200, meta.statusCode(), meta::body);
        assertEquals(200, profile.statusCode(), profile::body);
        HttpResponse<String> after = http.get("api/users/" + id);
        JsonObject u = Http.object(after);
        assertEquals("Grace", u.getString("first_name"));
        assertEquals("team", u.getJsonObject("public_metadata").getString("plan"));
        assertEquals(Json.createArrayBuilder().add("expert").add("editor").build(),
                u.getJsonObject("public_metadata").getJsonArray("role"));
        assertEquals("0", after.headers().firstValue(UPSTREAM).orElse(null));

        HttpResponse<String> tag = http.delete("api/cache/tags/role:editor");
        assertEquals(200, tag.statusCode(), tag::body);
        assertEquals(1, Http.object(tag).getInt("invalidated"));
        assertEquals("1", http.get("api/users/" + id).headers().firstValue(UPSTREAM).orElse(null));

        assertEquals(204, http.delete("api/users/" + id).statusCode());
        HttpResponse<String> gone = http.get("api/users/" + id);
        assertEquals(404, gone.statusCode());
        assertEquals("0", gone.headers().firstValue(UPSTREAM).orElse(null), "the tombstone answered");
    }

    @Test
    void adminWrites_badInputOrNotAdmin_problemsAndNoClerkCall() {
        String id = clerk.userIds(3, 1).get(0);
        String userToken = clerk.sessionToken(id);

        assertProblem(400, http.put("api/users/" + id + "/roles", "{\"roles\":\"expert\"}"));
        assertProblem(400, http.put("api/users/" + id + "/roles", "{\"roles\":[\"with space\"]}"));
        assertProblem(400, http.patch("api/users/" + id + "/metadata", "{\"role\":\"admin\"}"));
        assertProblem(400, http.patch("api/users/" + id, "{\"password\":\"x\"}"));
        assertProblem(400, http.patch("api/users/not-an-id", "{\"first_name\":\"x\"}"));
        assertProblem(400, http.delete("api/cache/tags/nokind"));
        assertProblem(403, http.as(userToken).put("api/users/" + id + "/roles", "{\"roles\":[\"admin\"]}"));
        assertProblem(403, http.as(userToken).delete("api/users/" + id));
        assertTrue(clerk.recentCalls().stream().noneMatch(c -> !c.method().equals("GET")),
                "no write reached Clerk: " + clerk.recentCalls());
    }

    /** The simulator's recorded webhook events, oldest first. */
    private jakarta.json.JsonArray events() {
        HttpResponse<String> r = http.get("simulator/control/webhooks");
        assertEquals(200, r.statusCode(), r::body);
        return Http.object(r).getJsonArray("events");
    }

    private JsonObject lastEventFor(String id) {
        jakarta.json.JsonArray all = events();
        for (int i = all.size() - 1; i >= 0; i--) {
            JsonObject e = all.getJsonObject(i);
            if (id.equals(e.getString("userId", null))) {
                return e;
            }
        }
        throw new AssertionError("no event for " + id + ": " + all);
    }

    @Test
    void demoMode_userChangedInTheSimulator_itsSignedWebhookReachesTheCache() throws InterruptedException {
        String id = clerk.userIds(4, 1).get(0);
        user(id);

        HttpResponse<String> change = http.patch("simulator/control/users/" + id, "{\"first_name\":\"Demo\"}");
        assertEquals(200, change.statusCode(), change::body);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!"delivered".equals(lastEventFor(id).getString("state"))) {
            assertTrue(System.nanoTime() < deadline, "not delivered within 10 s: " + lastEventFor(id));
            Thread.sleep(20);
        }

        assertEquals(200, lastEventFor(id).getInt("lastStatus"));
        HttpResponse<String> after = http.get("api/users/" + id);
        assertEquals("Demo", Http.object(after).getString("first_name"));
        assertEquals("0", after.headers().firstValue(UPSTREAM).orElse(null), "served from the cache");
    }

    @Test
    void demoMode_heldEventsDeliveredOutOfOrderAndTwice_theNewestWins() {
        String id = clerk.userIds(5, 1).get(0);
        user(id);
        assertEquals(200, http.put("simulator/control/settings", "{\"webhookDelivery\":\"hold\"}").statusCode());
        try {
            assertEquals(200, http.patch("simulator/control/users/" + id, "{\"first_name\":\"Second\"}")
                    .statusCode());
            String second = lastEventFor(id).getString("svixId");
            assertEquals(200, http.patch("simulator/control/users/" + id, "{\"first_name\":\"Third\"}")
                    .statusCode());
            String third = lastEventFor(id).getString("svixId");

            for (String svixId : new String[] {third, second, third, second}) {
                HttpResponse<String> d = http.post("simulator/control/webhooks/" + svixId + "/deliver", "");
                assertEquals(200, d.statusCode(), d::body);
                assertEquals(200, Http.object(d).getInt("status"));
            }
        } finally {
            http.put("simulator/control/settings", "{\"webhookDelivery\":\"deliver\"}");
        }
        HttpResponse<String> after = http.get("api/users/" + id);
        assertEquals("Third", Http.object(after).getString("first_name"));
        assertEquals("0", after.headers().firstValue(UPSTREAM).orElse(null));
        JsonObject stats = Http.object(http.get("api/cache/stats")).getJsonObject("webhooks")
                .getJsonObject("user.updated");
        assertTrue(stats.getInt("stale", 0) >= 1 && stats.getInt("duplicate", 0) >= 2, stats::toString);
    }

    private static void assertProblem(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r::body);
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("")
                .split(";")[0], r::body);
    }
}
