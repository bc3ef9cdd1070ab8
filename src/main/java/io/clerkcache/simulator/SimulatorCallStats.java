package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulated Backend API was asked: calls in total and per operation, 429s, and the most recent calls. */
final class SimulatorCallStats {

    private final Clock clock;
    private final LongAdder totalCalls = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder userWriteLimited = new LongAdder();
    private final Map<String, LongAdder> callsByOperation = new ConcurrentHashMap<>();
    private final Deque<JsonObject> recentCalls = new ArrayDeque<>();

    SimulatorCallStats(Clock clock) {
        this.clock = clock;
    }

    void called(String operation) {
        totalCalls.increment();
        callsByOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** A 429; {@code perUser} for the per-user write limit. */
    void rateLimited(boolean perUser) {
        rateLimited.increment();
        if (perUser) {
            userWriteLimited.increment();
        }
    }

    /** Keeps the call among the recent ones, with the filter values it asked for. */
    void answered(SimulatorRequest request, int status) {
        JsonObjectBuilder call = JSON.createObjectBuilder()
                .add("at", clock.millis())
                .add("method", request.method())
                .add("path", request.path())
                .add("status", status);
        for (String param : List.of("user_id", "username", "limit")) {
            List<String> values = request.query().get(param);
            if (values != null) {
                call.add(param, JSON.createArrayBuilder(values));
            }
        }
        if (request.apiVersion() != null) {
            call.add("clerk_api_version", request.apiVersion());
        }
        JsonObject entry = call.build();
        synchronized (recentCalls) {
            recentCalls.addLast(entry);
            while (recentCalls.size() > ClerkSimulator.RECENT_CALLS_KEPT) {
                recentCalls.removeFirst();
            }
        }
    }

    long totalCalls() {
        return totalCalls.sum();
    }

    long calls(String operation) {
        LongAdder count = callsByOperation.get(operation);
        return count == null ? 0 : count.sum();
    }

    /** {@code total_calls}, {@code rate_limited}, {@code user_write_limited}, {@code by_operation} and, last, the rest. */
    JsonObjectBuilder toJson() {
        JsonObjectBuilder byOperation = JSON.createObjectBuilder();
        new TreeMap<>(callsByOperation).forEach((op, count) -> byOperation.add(op, count.sum()));
        return JSON.createObjectBuilder()
                .add("total_calls", totalCalls.sum())
                .add("rate_limited", rateLimited.sum())
                .add("user_write_limited", userWriteLimited.sum())
                .add("by_operation", byOperation);
    }

    JsonArrayBuilder recentCallsJson() {
        JsonArrayBuilder recent = JSON.createArrayBuilder();
        synchronized (recentCalls) {
            recentCalls.forEach(recent::add);
        }
        return recent;
    }

    void reset() {
        totalCalls.reset();
        rateLimited.reset();
        userWriteLimited.reset();
        callsByOperation.clear();
        synchronized (recentCalls) {
            recentCalls.clear();
        }
    }
}
