package io.clerkcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stale-if-error over HTTP, in Liberty on Redis: a user whose entry is past its freshness is answered from that copy,
 * marked with {@code Clerk-Cache-Stale} and {@code Age}, when Clerk refuses for rate; a user with no copy gets 503 with
 * {@code Retry-After}. The deployment's TTL is 1 s, without jitter or early refresh, so that freshness passes within
 * the test; the simulator's limit is lowered to make Clerk answer 429.
 */
@ExtendWith(ArquillianExtension.class)
class StaleIfErrorIT extends DeploymentClient {

    private static final String UPSTREAM = "Clerk-Cache-Upstream-Lookups";
    private static final String STALE = "Clerk-Cache-Stale";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-stale", Map.of("redis.url", "redis://127.0.0.1:6379",
                "clerk.cache.key-prefix", "it:it-stale:" + UUID.randomUUID() + ":",
                "clerk.cache.ttl", "1s", "clerk.cache.ttl-min", "1s", "clerk.cache.ttl-max", "1s",
                "clerk.cache.ttl-jitter", "0", "clerk.cache.early-refresh-beta", "0",
                "clerk.cache.stale-if-error", "1h", "clerk.cache.near.enabled", "false"));
    }

    private void simulatorRateLimit(int perTenSeconds) {
        HttpResponse<String> r = http.put("simulator/control/settings", "{\"rateLimit\":" + perTenSeconds + "}");
        assertEquals(200, r.statusCode(), r::body);
        clerk.resetStats(); // also empties the simulator's rate window
    }

    @Test
    void clerkRefusesForRate_expiredCopyServedMarked_noCopy503WithRetryAfter() throws InterruptedException {
        List<String> ids = clerk.userIds(0, 3);
        String cached = ids.get(0);
        HttpResponse<String> first = http.get("api/users/" + cached);
        assertEquals(200, first.statusCode(), first::body);
        assertEquals("1", first.headers().firstValue(UPSTREAM).orElse(null));
        assertFalse(first.headers().firstValue(STALE).isPresent());

        Thread.sleep(2_000); // the entry's freshness (1 s) passes; it stays in Redis for the stale window
        try {
            simulatorRateLimit(1);
            HttpResponse<String> spendsTheLimit = http.get("api/users/" + ids.get(1));
            assertEquals(200, spendsTheLimit.statusCode(), spendsTheLimit::body);

            HttpResponse<String> stale = http.get("api/users/" + cached);
            HttpResponse<String> none = http.get("api/users/" + ids.get(2));

            assertEquals(200, stale.statusCode(), stale::body);
            assertEquals(cached, Http.object(stale).getString("id"));
            String marker = stale.headers().firstValue(STALE).orElse("");
            assertTrue(marker.startsWith("age="), "Clerk-Cache-Stale: " + marker);
            long age = Long.parseLong(stale.headers().firstValue("Age").orElse("-1"));
            assertTrue(age >= 1, "Age: " + age);
            assertEquals(503, none.statusCode(), none::body);
            assertTrue(none.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
            assertTrue(none.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        } finally {
            simulatorRateLimit(1000);
        }
    }
}
