package io.clerkcache.simulator;

import java.util.Map;

/**
 * The simulator's answer: a status, a JSON body and extra headers (e.g. {@code Retry-After}).
 *
 * @param status HTTP status
 * @param body JSON text
 * @param headers extra response headers
 */
public record SimulatorResponse(int status, String body, Map<String, String> headers) {

    static SimulatorResponse json(int status, Object body) {
        return new SimulatorResponse(status, body.toString(), Map.of());
    }
}
