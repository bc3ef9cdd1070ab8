package io.clerkcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.webhook.Deliveries;

/**
 * The application's metrics at {@code /metrics} (Prometheus text) move as expected after known operations: lookups
 * per layer, Clerk calls by operation and outcome, ids per batch call, webhook deliveries by type and outcome.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT extends DeploymentClient {

    private static final String PREFIX = "it:it-metrics:" + UUID.randomUUID() + ":";
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)$");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-metrics", Map.of("clerk.cache.key-prefix", PREFIX,
                "clerk.webhook-secret", FreshnessIT.SECRET));
    }

    /** Every sample of the application's metrics: name and its tags (sorted, scope tags left out) to value. */
    private static Map<String, Double> scrape() {
        HttpResponse<String> r = new ServerEndpoints().get(ServerEndpoints.metrics(),
                ServerEndpoints.basic(ServerEndpoints.METRICS_USER, ServerEndpoints.METRICS_PASSWORD));
        assertEquals(200, r.statusCode(), r::body);
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches() || !m.group(1).startsWith("clerkcache_")) {
                continue;
            }
            TreeSet<String> tags = new TreeSet<>();
            if (m.group(3) != null) {
                for (String tag : m.group(3).replaceAll(",\\s*$", "").split(",(?=[a-zA-Z_]+=\")")) {
                    // the scope and application tags (Liberty), the deployment's (WildFly)
                    if (!tag.startsWith("mp_scope=") && !tag.startsWith("mp_app=") && !tag.startsWith("WF_DEPLOYMENT=")
                            && !tag.isBlank()) {
                        tags.add(tag);
                    }
                }
            }
            samples.merge(m.group(1) + tags, Double.parseDouble(m.group(4)), Double::sum);
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... tags) {
        String key = name + new TreeSet<>(java.util.List.of(tags));
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    @Test
    void knownOperations_moveTheirMetrics() {
        java.util.List<String> ids = clerk.userIds(20, 4);
        String users = "cache=\"" + PREFIX + "demo:users\"";
        Map<String, Double> before = scrape();

        assertEquals(200, http.get("api/users/" + ids.get(0)).statusCode());   // memo miss, cache miss, Clerk call
        assertEquals(200, http.get("api/users/" + ids.get(0)).statusCode());   // memo miss, cache hit
        assertEquals(200, http.post("api/users/batch", CachingContract.idsBody(ids.subList(1, 4))).statusCode());
        Deliveries.Delivery forged = new Deliveries("whsec_" + java.util.Base64.getEncoder()
                .encodeToString("not the secret, 32 bytes long!!!".getBytes())).raw("{}");
        assertEquals(401, http.webhook("api/webhooks/clerk", forged.id(), forged.timestamp(), forged.signature(),
                forged.body()).statusCode());

        Map<String, Double> after = scrape();
        assertEquals(5, delta(before, after, "clerkcache_lookups_requested_total"), after.toString());
        assertEquals(4, delta(before, after, "clerkcache_lookups_upstream_total"));
        assertEquals(5, delta(before, after, "clerkcache_memo_lookups_total", "result=\"miss\""));
        assertEquals(1, delta(before, after, "clerkcache_cache_lookups_total", "result=\"hit\"", users));
        assertEquals(1, delta(before, after, "clerkcache_clerk_calls_seconds_count", "operation=\"get-user\"",
                "outcome=\"success\""));
        assertEquals(1, delta(before, after, "clerkcache_clerk_calls_seconds_count",
                "operation=\"list-users-by-id\"", "outcome=\"success\""));
        assertEquals(1, delta(before, after, "clerkcache_clerk_batch_ids_count"));
        assertEquals(3, delta(before, after, "clerkcache_clerk_batch_ids_sum"));
        assertEquals(1, delta(before, after, "clerkcache_webhooks_total", "type=\"unknown\"", "outcome=\"rejected\""));
        assertTrue(delta(before, after, "clerkcache_cache_loads_seconds_count", users) >= 1, after.toString());
        // Liberty exports the latency buckets (mp.metrics.distribution.timer.buckets); WildFly's registry takes no
        // bucket settings from a deployment, so there they must not be claimed either (docs/wildfly.md)
        assertEquals(TestServer.current().exportsLatencyBuckets(), after.keySet().stream().anyMatch(k -> k.startsWith(
                "clerkcache_clerk_calls_seconds_bucket") && k.contains("le=\"0.05\"")), "latency buckets");
    }
}
