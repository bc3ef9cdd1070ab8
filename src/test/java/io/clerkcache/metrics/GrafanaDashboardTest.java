package io.clerkcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in {@code docs/grafana} is valid JSON, importable (a Prometheus data-source input), and every
 * metric its queries use is one the {@link Recorder} creates.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("docs/grafana/clerk-cache-dashboard.json");

    /** The names the recorder gives its meters, with every event it records made once. */
    private static Set<String> recordedNames() {
        Set<String> names = new TreeSet<>();
        LocalMeters local = new LocalMeters();
        Meters capturing = new Meters() {
            @Override
            public Count counter(String name, String description, String... tags) {
                names.add(name);
                return local.counter(name, description, tags);
            }

            @Override
            public Timing timer(String name, String description, String... tags) {
                names.add(name);
                return local.timer(name, description, tags);
            }

            @Override
            public Distribution histogram(String name, String description, String unit, String... tags) {
                names.add(name);
                return local.histogram(name, description, unit, tags);
            }

            @Override
            public void gauge(String name, String description, java.util.function.LongSupplier value,
                    String... tags) {
                names.add(name);
                local.gauge(name, description, value, tags);
            }
        };
        Recorder r = new Recorder(capturing);
        r.cacheLookup("users", "hit");
        r.cacheLoad("users", Duration.ofMillis(1));
        r.cacheLoadFailure("users");
        r.singleFlightWait("users");
        r.singleFlightTimeout("users");
        r.backendError("users", "get");
        r.clerkCall("get-user", "success", 1);
        r.webhook("user.updated", "applied");
        return names;
    }

    /** A Prometheus sample name back to the MicroProfile metric name. */
    private static String metricName(String prometheus) {
        return prometheus.replaceAll("(_seconds)?(_total|_bucket|_count|_sum|_max)$", "").replace('_', '.');
    }

    @Test
    void dashboard_importableAndEveryQueriedMetricIsRecorded() throws IOException {
        JsonObject dashboard;
        try (var reader = Json.createReader(new StringReader(Files.readString(DASHBOARD)))) {
            dashboard = reader.readObject();
        }
        assertEquals("clerk-cache", dashboard.getString("title"));
        assertEquals("DS_PROMETHEUS", dashboard.getJsonArray("__inputs").getJsonObject(0).getString("name"));
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("clerkcache_[a-z_]+");
        for (JsonValue p : dashboard.getJsonArray("panels")) {
            for (JsonValue t : p.asJsonObject().getJsonArray("targets")) {
                Matcher m = metric.matcher(t.asJsonObject().getString("expr"));
                while (m.find()) {
                    queried.add(metricName(m.group()));
                }
            }
        }
        Set<String> recorded = recordedNames();

        assertTrue(queried.size() >= 15, queried::toString);
        for (String name : queried) {
            assertTrue(recorded.contains(name), name + " is queried but never recorded; recorded: " + recorded);
        }
    }
}
