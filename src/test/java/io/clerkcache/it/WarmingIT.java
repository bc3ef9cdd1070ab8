package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cache warming in a real Liberty, on its managed executor: at deployment the 20 most recently active users
 * ({@code clerk.warm.recent=20}) are cached without delaying readiness, and {@code POST /api/cache/warm} caches ids
 * on demand. The caller limit is tiny here (one Clerk call, refilled once per 100 s), so that a warming counted
 * against its HTTP caller would fail.
 */
@ExtendWith(ArquillianExtension.class)
class WarmingIT extends DeploymentClient {

    private static final String NAME = "it-warm";
    private static final String UPSTREAM = "Clerk-Cache-Upstream-Lookups";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(NAME, Map.of("clerk.warm.recent", "20",
                "clerk.caller-limit.burst", "1", "clerk.caller-limit.rate", "0.01"));
    }

    /** Lets the warming at deployment end first, so that the Clerk calls each test counts are its own. */
    @BeforeEach
    void warmingAtDeploymentEnded() {
        awaitWarmingAtDeployment();
        clerk.resetStats();
    }

    /** The ids of the {@code n} most recently active users, as Clerk (the simulator) lists them. */
    private List<String> mostRecentlyActive(int n) {
        HttpResponse<String> r = http.getWithBearer("simulator/v1/users?order_by=-last_active_at&limit=" + n,
                Simulator.KEY);
        assertEquals(200, r.statusCode(), r::body);
        List<String> ids = new ArrayList<>();
        Http.array(r).forEach(u -> ids.add(u.asJsonObject().getString("id")));
        return ids;
    }

    /** Waits for the warming at deployment to end (it may still run when the deployment is ready); 60 s at most. */
    private JsonObject awaitWarmingAtDeployment() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = http.get("api/cache/warm");
            assertEquals(200, r.statusCode(), r::body);
            JsonObject status = Http.object(r);
            if (!"running".equals(status.getString("state"))) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("warming at deployment still running after 60 s: " + status);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void atDeployment_recent20_afterReadinessTheyAreServedWithoutAskingClerk() {
        assertEquals("UP", Readiness.checkOf(http, "it:" + NAME + ":").getString("status"));

        JsonObject status = awaitWarmingAtDeployment();

        assertEquals("finished", status.getString("state"), status::toString);
        assertEquals(20, status.getInt("ids"));
        assertEquals(20, status.getInt("warmed"));
        assertEquals(0, status.getInt("missing"));
        List<String> recent = mostRecentlyActive(20);
        clerk.resetStats();
        for (String id : recent) {
            HttpResponse<String> r = http.get("api/users/" + id);
            assertEquals(200, r.statusCode(), r::body);
            assertEquals("0", r.headers().firstValue(UPSTREAM).orElseThrow(), id + " was not warm");
        }
        assertEquals(0, clerk.calls());
    }

    @Test
    void postWarm_300Ids_threeClerkCallsOutsideTheCallersLimit_thenServedFromTheCache() {
        List<String> recent = mostRecentlyActive(20);
        List<String> ids = new ArrayList<>(clerk.userIds(200, 400));
        ids.removeAll(recent);
        ids = ids.subList(0, 300);
        String body = idsBody(ids);
        clerk.resetStats();

        HttpResponse<String> warmed = http.post("api/cache/warm", body);

        assertEquals(200, warmed.statusCode(), warmed::body);
        JsonObject result = Http.object(warmed);
        assertEquals(300, result.getInt("warmed"), warmed::body);
        assertEquals(0, result.getJsonArray("missing").size());
        List<Simulator.Call> calls = clerk.recentCalls();
        assertEquals(3, calls.size(), calls::toString);
        for (Simulator.Call call : calls) {
            assertEquals("/users", call.path().replaceFirst("^.*/v1", ""), call::toString);
            assertEquals(100, call.userIds().size(), call::toString);
        }

        HttpResponse<String> batch = http.post("api/users/batch", body);
        assertEquals(200, batch.statusCode(), batch::body);
        assertEquals("0", batch.headers().firstValue(UPSTREAM).orElseThrow());
        assertEquals(3, clerk.calls());
    }

    @Test
    void postWarm_unknownAndCachedIds_unknownMissingCachedNotAskedAgain() {
        String unknown = "user_00000000000000000000000042";
        String known = mostRecentlyActive(1).get(0); // warm since the deployment
        clerk.resetStats();

        HttpResponse<String> r = http.post("api/cache/warm", idsBody(List.of(known, unknown)));

        assertEquals(200, r.statusCode(), r::body);
        JsonObject result = Http.object(r);
        assertEquals(1, result.getInt("warmed"), r::body);
        assertEquals(List.of(unknown), result.getJsonArray("missing").getValuesAs(JsonString::getString));
        assertEquals(1, clerk.calls(), "only the unknown id was asked for");
        assertEquals(List.of(unknown), clerk.recentCalls().get(0).userIds());
    }

    @Test
    void postWarm_badInput_problemsBeforeAnyClerkCall() {
        assertProblem(http.post("api/cache/warm", idsBody(List.of("user_../../admin"))), 400, "invalid-lookup");
        assertProblem(http.post("api/cache/warm", "{\"ids\":\"user_x\"}"), 400, "invalid-body");
        assertProblem(http.post("api/cache/warm", "not json"), 400, "invalid-body");
        assertProblem(http.post("api/cache/warm", "{\"ids\":[\"" + "x".repeat(300 * 1024) + "\"]}"), 413,
                "body-too-large");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(String.format("user_%027d", i));
        }
        assertProblem(http.post("api/cache/warm", idsBody(tooMany)), 400, "invalid-lookup");
        assertEquals(0, clerk.calls());
    }

    @Test
    void postWarm_signedInUserWithoutAdminRole_403() {
        String member = clerk.userIdsWithRole("member", 1).get(0);
        Http asMember = http.as(clerk.sessionToken(member));

        assertProblem(asMember.post("api/cache/warm", idsBody(List.of(member))), 403, "forbidden");
        assertProblem(asMember.get("api/cache/warm"), 403, "forbidden");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertEquals(status, r.statusCode(), r::body);
        assertEquals("urn:clerk-cache:problem:" + type, Http.object(r).getString("type"), r::body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                r.headers()::toString);
    }

    private static String idsBody(List<String> ids) {
        return "{\"ids\":[\"" + String.join("\",\"", ids) + "\"]}";
    }
}
