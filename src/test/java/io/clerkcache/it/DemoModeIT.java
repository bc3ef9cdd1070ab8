package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Demo mode, switched on explicitly, on a shared Redis: it says so in readiness and keeps its entries apart. */
@ExtendWith(ArquillianExtension.class)
class DemoModeIT extends DeploymentClient {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String PREFIX = "it:it-demo:" + UUID.randomUUID() + ":";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-demo", Map.of("redis.url", REDIS, "clerk.cache.key-prefix", PREFIX));
    }

    @Test
    void readiness_demoMode_saysDemoWithTheDemoPrefix() {
        JsonObject check = Readiness.checkOf(http, PREFIX);

        assertEquals("UP", check.getString("status"));
        assertEquals("demo", check.getJsonObject("data").getString("mode"));
        assertEquals("redis", check.getJsonObject("data").getString("cache"));
        assertEquals(PREFIX + "demo:", check.getJsonObject("data").getString("keyPrefix"));
        assertEquals(true, check.getJsonObject("data").getBoolean("demoMode"));
        assertEquals("up", check.getJsonObject("data").getString("redis"));
        assertEquals("on", check.getJsonObject("data").getString("webhooks"), "demo mode derives a secret");
    }

    @Test
    void lookup_demoModeOnRedis_entryUnderTheDemoPrefixOnly() {
        String id = clerk.userIds(0, 1).get(0);

        HttpResponse<String> r = http.get("api/users/" + id);

        assertEquals(200, r.statusCode(), r::body);
        RedissonClient redis = raw();
        try {
            String stored = redis.<String, String>getMap(PREFIX + "demo:users", StringCodec.INSTANCE).get(id);
            assertTrue(stored != null && stored.contains(id), String.valueOf(stored));
            assertFalse(redis.getKeys().getKeysByPattern(PREFIX + "users*").iterator().hasNext(),
                    "nothing under the configured prefix itself");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void lookups_usersHashReplacedByAStringInRedis_answeredFromClerkNotA500() {
        java.util.List<String> ids = clerk.userIds(0, 3);
        assertEquals(200, http.get("api/users/" + ids.get(0)).statusCode());
        HttpResponse<String> one;
        HttpResponse<String> batch;
        HttpResponse<String> stats;
        RedissonClient redis = raw();
        try {
            redis.getKeys().delete(PREFIX + "demo:users");
            redis.getBucket(PREFIX + "demo:users", StringCodec.INSTANCE).set("not a hash"); // WRONGTYPE from now on
            clerk.resetStats();

            one = http.get("api/users/" + ids.get(0));
            batch = http.post("api/users/batch", CachingContract.idsBody(ids));
            stats = http.get("api/cache/stats");
        } finally {
            redis.getKeys().delete(PREFIX + "demo:users"); // the other tests find the hash again
            redis.shutdown();
        }

        assertEquals(200, one.statusCode(), one::body);
        assertEquals(200, batch.statusCode(), batch::body);
        assertEquals(ids, CachingContract.idsOf(Http.object(batch).getJsonArray("users")));
        // the user read before the corruption may still answer from this JVM's near cache (a correct copy); the
        // others cannot be read from Redis and are asked of Clerk
        assertTrue(clerk.calls() >= 1, "answered from Clerk");
        assertEquals(200, stats.statusCode(), stats::body);
        assertTrue(Http.object(stats).getJsonObject("caches").getJsonObject("users").getJsonNumber("backendErrors")
                .longValue() > 0, stats::body);
    }

    @AfterAll
    static void leaveNothingInRedis() {
        RedissonClient redis = raw();
        try {
            redis.getKeys().deleteByPattern(PREFIX + "*");
            redis.getKeys().deleteByPattern("*{" + PREFIX + "*");
        } finally {
            redis.shutdown();
        }
    }

    private static RedissonClient raw() {
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS);
        return Redisson.create(c);
    }
}
