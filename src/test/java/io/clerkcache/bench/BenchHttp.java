package io.clerkcache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The one request the load clients send: JSON body optional, the simulator's key or the caller's bearer token. */
final class BenchHttp {

    private BenchHttp() {
    }

    /**
     * Sends {@code method path} to {@code base}, with {@code Authorization: Bearer <clerkKey>} when {@code clerkAuth}
     * (the simulator's Backend API), else with the caller's {@code bearer} on {@code api/} paths.
     */
    static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String body,
            boolean clerkAuth, String clerkKey, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (clerkAuth) {
            b.header("Authorization", "Bearer " + clerkKey);
        } else if (path.startsWith("api/") && bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
