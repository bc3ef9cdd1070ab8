package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.webhook.Deliveries;
import io.clerkcache.webhook.Deliveries.Delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the service share one Redis: instance A is the suite's Arquillian server, instance B a second
 * server ({@link SecondServer}) started for this class with the same WAR and configuration. Both look users up
 * in A's simulator, so they see the same Clerk, whose call statistics count the upstream calls of both.
 */
@ExtendWith(ArquillianExtension.class)
class TwoInstancesIT extends DeploymentClient {

    private static final String NAME = "it-two";
    /** The endpoint's signing secret on both instances, as Clerk's dashboard shows one: whsec_ and 32 random bytes. */
    private static final String WEBHOOK_SECRET = "whsec_j1BLHu35ZoWRQ+R75/MhCPPTyVvqSePrUX1iVzAI9B8=";
    private static final String KEY_PREFIX = "it:two:" + UUID.randomUUID() + ":";
    /** One configuration for both instances, hence one key prefix (fresh for each run) and one simulator: A's. */
    private static final Map<String, String> CONFIG = Map.of(
            "redis.url", "redis://127.0.0.1:6379",
            "clerk.cache.key-prefix", KEY_PREFIX,
            "clerk.webhook-secret", WEBHOOK_SECRET,
            "clerk.simulator.url", "http://127.0.0.1:" + Deployments.PORT + "/" + NAME + "/simulator/v1");

    private static final Deliveries DELIVERIES = new Deliveries(WEBHOOK_SECRET);

    private static SecondServer instanceB;

    /** Instance B's API. */
    private Http b;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(NAME, CONFIG);
    }

    @BeforeAll
    static void startInstanceB() {
        instanceB = SecondServer.instanceB();
        instanceB.deploy(deployment());
        Duration took = instanceB.start(NAME + "/api/cache/stats");
        System.out.printf("instance B (%s) started and serving in %.1f s%n", TestServer.current().name(),
                took.toMillis() / 1000.0);
        // The deployment on B's port is this run's: not another build's instance B that holds the port
        Readiness.checkOf(new Http(SecondServer.base(NAME)), KEY_PREFIX);
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            long began = System.nanoTime();
            instanceB.close();
            System.out.printf("instance B stopped in %.1f s%n", (System.nanoTime() - began) / 1e9);
        }
    }

    @BeforeEach
    void emptySharedCache() {
        b = new Http(SecondServer.base(NAME));
        HttpResponse<String> cleared = http.delete("api/cache/users");
        assertEquals(204, cleared.statusCode(), cleared::body);
        clerk.resetStats();
    }

    @AfterEach
    void leaveNothingInRedis() {
        http.delete("api/cache/users");
    }

    @Test
    void lookupOnA_thenOnB_servedFromSharedRedisWithoutClerkCall() {
        String id = clerk.userIds(0, 1).get(0);
        clerk.resetStats();

        HttpResponse<String> onA = http.get("api/users/" + id);
        HttpResponse<String> onB = b.get("api/users/" + id);

        assertEquals(200, onA.statusCode(), onA::body);
        assertEquals(200, onB.statusCode(), onB::body);
        assertEquals(onA.body(), onB.body());
        assertEquals("1", upstreamLookups(onA));
        assertEquals("0", upstreamLookups(onB), "B must find A's entry in Redis");
        assertEquals(1, clerk.calls());
    }

    @Test
    void invalidationOnA_nextLookupOnBAsksClerk_thenServedFromCacheAgain() {
        String id = clerk.userIds(1, 1).get(0);
        clerk.resetStats();
        assertEquals("1", upstreamLookups(b.get("api/users/" + id)));
        assertEquals("0", upstreamLookups(b.get("api/users/" + id)));

        HttpResponse<String> invalidated = http.delete("api/cache/users/" + id);
        HttpResponse<String> afterInvalidation = b.get("api/users/" + id);
        HttpResponse<String> later = b.get("api/users/" + id);

        assertEquals(204, invalidated.statusCode(), invalidated::body);
        assertEquals(200, afterInvalidation.statusCode(), afterInvalidation::body);
        assertEquals("1", upstreamLookups(afterInvalidation), "A's invalidation must reach B's next lookup");
        assertEquals("0", upstreamLookups(later));
        assertEquals(2, clerk.calls());
    }

    @Test
    void userUpdatedWebhookOnA_nextLookupOnBServesNewDataWithoutClerkCall() {
        String id = clerk.userIds(2, 1).get(0);
        HttpResponse<String> cached = b.get("api/users/" + id);
        assertEquals(200, cached.statusCode(), cached::body);
        JsonObject asB = Http.object(cached);
        String newFirstName = "Renamed" + Long.toHexString(System.nanoTime());
        JsonObject updated = Json.createObjectBuilder(asB)
                .add("first_name", newFirstName)
                .add("updated_at", asB.getJsonNumber("updated_at").longValue() + 1000)
                .build();
        clerk.resetStats();

        HttpResponse<String> delivered = deliverToA(DELIVERIES.event("user.updated", updated));
        HttpResponse<String> next = b.get("api/users/" + id);

        assertSuccessful(delivered);
        assertEquals(200, next.statusCode(), next::body);
        assertEquals(newFirstName, Http.object(next).getString("first_name"));
        assertEquals("0", upstreamLookups(next), "the webhook's data must be served, not reloaded");
        assertEquals(0, clerk.calls());
    }

    @Test
    void userDeletedWebhookOnA_nextLookupOnBAnswers404WithoutClerkCall() {
        String id = clerk.userIds(3, 1).get(0);
        HttpResponse<String> cached = b.get("api/users/" + id);
        assertEquals(200, cached.statusCode(), cached::body);
        clerk.resetStats();

        HttpResponse<String> delivered = deliverToA(DELIVERIES.deleted(id));
        HttpResponse<String> next = b.get("api/users/" + id);

        assertSuccessful(delivered);
        assertEquals(404, next.statusCode(), next::body);
        assertEquals(0, clerk.calls(), "the tombstone must answer, without asking Clerk");
    }

    /** A Svix delivery to A's webhook endpoint, without credentials, as Svix sends it. */
    private HttpResponse<String> deliverToA(Delivery d) {
        return http.webhook("api/webhooks/clerk", d.id(), d.timestamp(), d.signature(), d.body());
    }

    private static String upstreamLookups(HttpResponse<String> r) {
        return r.headers().firstValue("Clerk-Cache-Upstream-Lookups")
                .orElseThrow(() -> new AssertionError("no Clerk-Cache-Upstream-Lookups header: " + r.statusCode()
                        + " " + r.body()));
    }

    private static void assertSuccessful(HttpResponse<String> delivered) {
        assertTrue(delivered.statusCode() / 100 == 2,
                () -> "webhook delivery to A: " + delivered.statusCode() + " " + delivered.body());
    }
}
