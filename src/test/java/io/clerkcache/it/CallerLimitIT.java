package io.clerkcache.it;

import java.net.http.HttpResponse;
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
 * The per-caller limit over HTTP in a real Liberty: a caller (this test, keyed by its address) that keeps asking for
 * ids nobody has gets a 429 problem with Retry-After before Clerk is asked, and is still served what is cached. A
 * burst of 3 Clerk calls, refilled at one per 100 s, so that the test never sees a refill.
 */
@ExtendWith(ArquillianExtension.class)
class CallerLimitIT extends DeploymentClient {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-caller-limit", Map.of("clerk.caller-limit.burst", "3",
                "clerk.caller-limit.rate", "0.01"));
    }

    @Test
    void randomIds_beyondTheBurst_429ProblemWithRetryAfterAndNoClerkCall_cachedUsersStillServed() {
        String known = clerk.userIds(0, 1).get(0);
        assertEquals(200, http.get("api/users/" + known).statusCode()); // 1 token, and now cached
        clerk.resetStats();

        assertEquals(404, http.get("api/users/user_00000000000000000000000001").statusCode());
        assertEquals(404, http.get("api/users/user_00000000000000000000000002").statusCode());
        HttpResponse<String> limited = http.get("api/users/user_00000000000000000000000003");
        HttpResponse<String> enumerating = http.get("api/users/by-username/guess_me");
        HttpResponse<String> cached = http.get("api/users/" + known);

        for (HttpResponse<String> r : new HttpResponse[] {limited, enumerating}) {
            assertEquals(429, r.statusCode(), r::body);
            JsonObject problem = Http.object(r);
            assertEquals("urn:clerk-cache:problem:caller-rate-limited", problem.getString("type"));
            assertTrue(Long.parseLong(r.headers().firstValue("Retry-After").orElse("0")) >= 1, r::toString);
        }
        assertEquals(200, cached.statusCode(), cached::body);
        assertEquals(2, clerk.calls(), "only the two misses within the burst reached Clerk");
    }
}
