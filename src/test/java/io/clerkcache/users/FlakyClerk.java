package io.clerkcache.users;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.clerkcache.simulator.TestHttp;

/**
 * A real HTTP server in front of the simulator that passes Clerk's API through while {@link Mode#UP}, and otherwise
 * fails the way Clerk can: 503, 429 with {@code Retry-After}, 401 (refused credentials), or a request held open until
 * the test releases it (a hanging Clerk).
 */
final class FlakyClerk implements AutoCloseable {

    /** How the next requests are answered. */
    enum Mode {
        UP, DOWN, RATE_LIMITED, REFUSED, HANG
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "upgrade",
            "transfer-encoding", "keep-alive", "expect");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private final HttpServer server;
    private final URI upstream;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch hang = new CountDownLatch(1);
    private volatile CountDownLatch hanging = new CountDownLatch(1);

    /** @param upstream the simulator's base URL ({@code http://127.0.0.1:<port>/v1}) */
    FlakyClerk(URI upstream) {
        this.upstream = upstream;
        server = TestHttp.bindLoopback(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** This server's base URL, with the simulator's path. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + upstream.getPath());
    }

    void mode(Mode mode) {
        if (mode == Mode.HANG) {
            hang = new CountDownLatch(1);
            hanging = new CountDownLatch(1);
        }
        this.mode = mode;
    }

    /** Requests received so far, in every mode. */
    int requests() {
        return requests.get();
    }

    /** Waits until a request is held open in {@link Mode#HANG}. */
    void awaitHanging() throws InterruptedException {
        if (!hanging.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no request reached the hanging Clerk");
        }
    }

    /** Lets the held requests go on (they are answered with 503). */
    void releaseHang() {
        hang.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            switch (mode) {
                case DOWN -> send(exchange, 503, "{\"errors\":[{\"code\":\"unavailable\",\"message\":\"down\"}]}",
                        Map.of());
                case RATE_LIMITED -> send(exchange, 429, "{\"errors\":[{\"code\":\"too_many_requests\","
                        + "\"message\":\"slow down\"}]}", Map.of("Retry-After", "1"));
                case REFUSED -> send(exchange, 401, "{\"errors\":[{\"code\":\"authentication_invalid\","
                        + "\"message\":\"bad key\"}]}", Map.of());
                case HANG -> {
                    hanging.countDown();
                    try {
                        hang.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(exchange, 503, "{}", Map.of());
                }
                default -> forward(exchange);
            }
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI target = URI.create("http://" + upstream.getHost() + ":" + upstream.getPort()
                + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(exchange.getRequestMethod(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
