package io.clerkcache.webhook;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

/** Webhook deliveries since start, by event type and outcome ({@code user.updated} → {@code applied} → n). */
@ApplicationScoped
public class WebhookStats {

    /** Deliveries refused before their type was known (signature, size, JSON) are counted under this type. */
    public static final String UNKNOWN_TYPE = "unknown";

    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

    /** Counts one delivery. */
    public void record(String type, String outcome) {
        counts.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new LongAdder())
                .increment();
    }

    /** The counts, sorted by type and outcome. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        counts.forEach((type, outcomes) -> {
            Map<String, Long> o = new TreeMap<>();
            outcomes.forEach((outcome, n) -> o.put(outcome, n.sum()));
            copy.put(type, o);
        });
        return copy;
    }
}
