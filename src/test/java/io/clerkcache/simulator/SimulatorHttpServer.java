package io.clerkcache.simulator;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulator core served over real HTTP by the JDK's server on 127.0.0.1 (an ephemeral port), API under
 * {@code /v1}: the test-side counterpart of {@link SimulatorApiResource}. Records every request.
 */
public final class SimulatorHttpServer implements AutoCloseable {

    private final ClerkSimulator simulator;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    public SimulatorHttpServer(ClerkSimulator simulator) {
        this.simulator = simulator;
        this.server = TestHttp.bindLoopback(executor);
        server.createContext("/v1", exchange -> {
            try (exchange) {
                RecordedRequest request = TestHttp.record(exchange);
                requests.add(request);
                SimulatorResponse answer = simulator.handle(new SimulatorRequest(request.method(),
                        request.path().substring("/v1".length()), request.query(), request.header("Authorization"),
                        request.header("Clerk-API-Version"), request.body()));
                TestHttp.respond(exchange, answer.status(), answer.body(), answer.headers());
            }
        });
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public ClerkSimulator simulator() {
        return simulator;
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
