package io.clerkcache.clerk;

import com.sun.net.httpserver.HttpServer;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.TestHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 answering from a script, one step per request, for failures the simulator does not
 * produce (5xx, hangs, malformed bodies). Requests beyond the script get a 599, which no test expects.
 */
final class ScriptedClerkServer implements AutoCloseable {

    /** One scripted answer; {@code hang} holds the request open until the server closes. */
    record Step(int status, String body, Map<String, String> headers, boolean hang) {
    }

    static Step answer(int status, String body) {
        return new Step(status, body, Map.of(), false);
    }

    static Step answer(int status, String body, Map<String, String> headers) {
        return new Step(status, body, headers, false);
    }

    static Step hang() {
        return new Step(0, "", Map.of(), true);
    }

    static String clerkError(String code, String traceId) {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"msg " + code + "\",\"long_message\":\"long\","
                + "\"meta\":{}}],\"clerk_trace_id\":\"" + traceId + "\"}";
    }

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closing = new CountDownLatch(1);

    ScriptedClerkServer(Step... steps) {
        script.addAll(List.of(steps));
        server = TestHttp.bindLoopback(executor);
        server.createContext("/v1", exchange -> {
            try (exchange) {
                requests.add(TestHttp.record(exchange));
                Step step = script.poll();
                if (step == null) {
                    step = answer(599, "{}");
                }
                if (step.hang()) {
                    try {
                        closing.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                TestHttp.respond(exchange, step.status(), step.body(), step.headers());
            }
        });
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
