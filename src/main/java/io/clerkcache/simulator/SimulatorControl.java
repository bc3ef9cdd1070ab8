package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * The demo controls that carry logic of their own, apart from JAX-RS so that tests call them directly:
 * {@link SimulatorControlResource} hands requests over and sends the answers back. Bad requests are answered with
 * {@code 400 {"error":"..."}}.
 */
final class SimulatorControl {

    private final ClerkSimulator simulator;

    SimulatorControl(ClerkSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * {@code PUT settings}: changes {@code latencyMs}, {@code rateLimit} (calls per 10 s, 0 = none) and/or
     * {@code userWriteLimit} (writes per user and 10 s, 0 = none); nothing changes unless every field sent is valid.
     * Answers the settings now in force.
     */
    SimulatorResponse updateSettings(String body) {
        JsonObject settings = parse(body);
        if (settings == null) {
            return badRequest("expected a JSON object such as {\"latencyMs\":50,\"rateLimit\":1000,"
                    + "\"userWriteLimit\":10}");
        }
        JsonValue latency = settings.get("latencyMs");
        JsonValue rateLimit = settings.get("rateLimit");
        JsonValue userWriteLimit = settings.get("userWriteLimit");
        if ((latency != null && !(latency instanceof JsonNumber l && l.longValue() >= 0))
                || (rateLimit != null && !(rateLimit instanceof JsonNumber))
                || (userWriteLimit != null && !isCount(userWriteLimit))) {
            return badRequest("latencyMs must be a number >= 0, rateLimit a number (0 = no limit), userWriteLimit a"
                    + " whole number >= 0 (0 = no limit)");
        }
        if (latency != null) {
            simulator.setLatency(Duration.ofMillis(((JsonNumber) latency).longValue()));
        }
        if (rateLimit != null) {
            simulator.setRateLimit(((JsonNumber) rateLimit).intValue());
        }
        if (userWriteLimit != null) {
            simulator.setUserWriteLimit(((JsonNumber) userWriteLimit).intValue());
        }
        return SimulatorResponse.json(200, simulator.settings());
    }

    /** The body as a JSON object, or {@code null} if it is none. */
    static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(body))) {
            return reader.readValue() instanceof JsonObject object ? object : null;
        } catch (RuntimeException notJsonOrTooDeep) { // Parsson throws a plain RuntimeException past depth 1000
            return null;
        }
    }

    /** {@code 400 {"error": message}}. */
    static SimulatorResponse badRequest(String message) {
        return new SimulatorResponse(400, JSON.createObjectBuilder().add("error", message).build().toString(),
                Map.of());
    }

    private static boolean isCount(JsonValue value) {
        return value instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().signum() >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }
}
