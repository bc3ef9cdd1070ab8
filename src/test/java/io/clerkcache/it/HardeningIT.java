package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile or heavy input against the HTTP API in a real Liberty: bodies nested 100,000 levels deep, batches beyond
 * the bulkhead (one batch at a time in this deployment), and the caching headers of every answer.
 */
@ExtendWith(ArquillianExtension.class)
class HardeningIT extends DeploymentClient {

    @Deployment(testable = false)
    static WebArchive deployment() {
        // a lookup deadline longer than the slow Clerk below, so that the first batch completes
        return Deployments.war("it-hardening", Map.of("clerk.cache.batch-max-concurrent", "1",
                "clerk.lookup-deadline", "20s"));
    }

    @Test
    void batch_bodyNested100000LevelsDeep_400ProblemAndNoClerkCall() {
        for (String body : List.of("{\"ids\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                "{\"ids\":" + "{\"a\":".repeat(50_000), "[".repeat(100_000))) {
            HttpResponse<String> r = http.post("api/users/batch", body);

            assertEquals(400, r.statusCode(), r::body);
            assertEquals("urn:clerk-cache:problem:invalid-body", Http.object(r).getString("type"));
        }
        assertEquals(0, clerk.calls());
    }

    @Test
    void everyApiAnswer_cacheControlNoStore() {
        String id = clerk.userIds(0, 1).get(0);
        String username = clerk.firstUserWithUsername().getString("username");

        for (HttpResponse<String> r : List.of(http.get("api/users/" + id),
                http.get("api/users/by-username/" + username),
                http.get("api/users/user_0000000000000000000000000c"),
                http.get("api/users/not-an-id"),
                http.post("api/users/batch", "{\"ids\":[\"" + id + "\"]}"),
                http.post("api/users/batch", "[[[["),
                http.get("api/cache/stats"))) {
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""),
                    () -> r.uri() + " " + r.statusCode());
        }
    }

    @Test
    void batch_whileAnotherRunsBeyondTheBulkhead_503ProblemWithRetryAfterAndTheFirstCompletes() throws Exception {
        List<String> slow = clerk.userIds(10, 3);
        List<String> other = clerk.userIds(20, 3);
        clerk.latency(3000); // keeps the first batch inside the bulkhead while the second arrives

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> http.post("api/users/batch", CachingContract.idsBody(slow)));
        awaitRunningBatches(1);
        HttpResponse<String> refused = http.post("api/users/batch", CachingContract.idsBody(other));

        assertEquals(503, refused.statusCode(), refused::body);
        assertEquals("urn:clerk-cache:problem:batches-busy", Http.object(refused).getString("type"));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        HttpResponse<String> done = first.get(60, TimeUnit.SECONDS);
        assertEquals(200, done.statusCode(), done::body);
        assertEquals(slow, CachingContract.idsOf(Http.object(done).getJsonArray("users")));
        assertTrue(admission().getJsonNumber("batchesRefused").longValue() >= 1);
    }

    private void awaitRunningBatches(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admission().getInt("batchesRunning") < n) {
            assertTrue(System.nanoTime() < deadline, "the first batch never started");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private JsonObject admission() {
        HttpResponse<String> r = http.get("api/cache/stats");
        assertEquals(200, r.statusCode(), r::body);
        return Http.object(r).getJsonObject("admission");
    }
}
