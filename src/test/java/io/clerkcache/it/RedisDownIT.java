package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis configured but unreachable (a closed port) from the start: the application deploys, lookups are answered from
 * Clerk and then, once the Redis breaker has opened, from the in-JVM layer; the cache's failures are counted, not
 * thrown, and invalidations say they did not happen.
 */
@ExtendWith(ArquillianExtension.class)
class RedisDownIT extends DeploymentClient {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-redis-down", Map.of("redis.url", "redis://127.0.0.1:1",
                "redis.timeout", "200ms", "redis.connect-timeout", "200ms"));
    }

    @Test
    void health_redisUnreachable_readyUpReportingRedisDownAndClerkAnswering() {
        http.get("api/users/" + clerk.userIds(0, 1).get(0));

        JsonObject check = Readiness.checkOf(http, "it:it-redis-down:");

        assertEquals("UP", check.getString("status"), "the service fails open: ready without Redis");
        assertEquals("down", check.getJsonObject("data").getString("redis"));
        assertEquals("redis", check.getJsonObject("data").getString("cache"));
        assertTrue(!"never".equals(check.getJsonObject("data").getString("clerkLastAnswer")));
        HttpResponse<String> live = http.health("/health/live");
        assertEquals(200, live.statusCode(), live::body);
        HttpResponse<String> started = http.health("/health/started");
        assertEquals(200, started.statusCode(), started::body);
        assertTrue(started.body().contains("\"configuration\":\"valid\""), started::body);
    }

    @Test
    void getById_redisUnreachable_answeredFromClerkOnceThenFromThisJvm() {
        String id = clerk.userIds(560, 1).get(0); // a user no other test of this class looks up
        clerk.resetStats();

        HttpResponse<String> first = http.get("api/users/" + id);
        HttpResponse<String> second = http.get("api/users/" + id);

        assertEquals(200, first.statusCode(), first::body);
        assertEquals(id, Http.object(first).getString("id"));
        assertEquals(200, second.statusCode(), second::body);
        assertEquals(1, clerk.calls(), "Redis failed, the breaker opened, and the in-JVM layer holds the user: one"
                + " Clerk call, not one per request");
        assertEquals("0", second.headers().firstValue("Clerk-Cache-Upstream-Lookups").orElse(""));
    }

    @Test
    void batch_redisUnreachable_answeredFromClerkInChunks() {
        List<String> ids = clerk.userIds(300, 250); // users no other test of this class looks up
        clerk.resetStats();

        HttpResponse<String> r = http.post("api/users/batch", CachingContract.idsBody(ids));

        assertEquals(200, r.statusCode(), r::body);
        assertEquals(ids, CachingContract.idsOf(Http.object(r).getJsonArray("users")));
        assertEquals(List.of(100, 100, 50), clerk.recentCalls().stream().map(c -> c.userIds().size()).toList());
    }

    @Test
    void getByUsername_redisUnreachable_answeredFromClerk() {
        JsonObject user = clerk.firstUserWithUsername();

        HttpResponse<String> r = http.get("api/users/by-username/" + user.getString("username"));

        assertEquals(200, r.statusCode(), r::body);
        assertEquals(user.getString("id"), Http.object(r).getString("id"));
    }

    @Test
    void getById_unknownIdRedisUnreachable_404() {
        HttpResponse<String> r = http.get("api/users/user_0000000000000000000000000c");

        assertEquals(404, r.statusCode(), r::body);
    }

    @Test
    void invalidate_redisUnreachable_503ProblemSoTheCallerKnowsItDidNotHappen() {
        String id = clerk.userIds(0, 1).get(0);

        HttpResponse<String> one = http.delete("api/cache/users/" + id);
        HttpResponse<String> all = http.delete("api/cache/users");

        for (HttpResponse<String> r : List.of(one, all)) {
            assertEquals(503, r.statusCode(), r::body);
            assertEquals("urn:clerk-cache:problem:cache-unavailable", Http.object(r).getString("type"));
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
        }
    }

    @Test
    void stats_redisUnreachable_reportBackendErrors() {
        http.get("api/users/" + clerk.userIds(0, 1).get(0));

        HttpResponse<String> r = http.get("api/cache/stats");

        assertEquals(200, r.statusCode(), r::body);
        JsonObject stats = Http.object(r);
        assertEquals("redis", stats.getString("backend"));
        assertTrue(stats.getJsonObject("caches").getJsonObject("users").getJsonNumber("backendErrors").longValue() > 0,
                stats::toString);
    }
}
