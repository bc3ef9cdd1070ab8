package io.clerkcache.users;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import com.sun.net.httpserver.HttpServer;

import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.TestHttp;

/**
 * A Clerk Backend API stand-in over real HTTP that knows every well-formed user id: each is answered with a copy of
 * the fully populated example user of Clerk's User schema ({@code user-example.json}, 3.6 KB) under that id, made
 * per request. It stores nothing, so a test can read as many distinct users as it likes and measure the heap of the
 * cache alone. Answers {@code GET /users/{id}} and {@code GET /users?user_id=...}; usernames are unknown.
 */
public final class GeneratingClerkServer implements AutoCloseable {

    private final JsonObject example;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();

    public GeneratingClerkServer() {
        try (InputStream in = GeneratingClerkServer.class.getResourceAsStream("/clerk/user-example.json")) {
            example = Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = TestHttp.bindLoopback(executor);
        server.createContext("/v1/users", exchange -> {
            try (exchange) {
                calls.incrementAndGet();
                RecordedRequest request = TestHttp.record(exchange);
                String path = request.path();
                if (path.equals("/v1/users")) {
                    JsonArrayBuilder users = Json.createArrayBuilder();
                    for (String id : request.query().getOrDefault("user_id", List.of())) {
                        users.add(user(id));
                    }
                    TestHttp.respond(exchange, 200, users.build().toString(), Map.of());
                } else {
                    TestHttp.respond(exchange, 200, user(path.substring("/v1/users/".length())).toString(), Map.of());
                }
            }
        });
        server.start();
    }

    /** Clerk's example user as user {@code id}, with a username of its own. */
    private JsonObject user(String id) {
        return Json.createObjectBuilder(example).add("id", id).add("username", "u" + id.substring("user_".length()))
                .build();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Requests answered. */
    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
