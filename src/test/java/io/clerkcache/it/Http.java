package io.clerkcache.it;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A small HTTP client for the integration tests, speaking to one deployment. By default it authenticates as the
 * deployments' admin API key ({@link #ADMIN_KEY}, configured by {@link Deployments}); a request that sets its own
 * {@code Authorization} keeps it; {@link #as(String)} and {@link #anonymous()} give clients with other credentials.
 */
final class Http {

    /** The API key with role admin that every integration-test deployment accepts. */
    static final String ADMIN_KEY = "ck_it_admin_5b1e9d7c3a2f48e6b0c4d8a1f7e3c9b2";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String bearer;

    Http(URL base) {
        this(uri(base), ADMIN_KEY);
    }

    private Http(URI base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** A client sending {@code Authorization: Bearer <bearer>} (an API key or a session token). */
    Http as(String bearer) {
        return new Http(base, bearer);
    }

    /** A client sending no credentials. */
    Http anonymous() {
        return new Http(base, null);
    }

    private static URI uri(URL base) {
        try {
            return base.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /**
     * MicroProfile Health of the server this client's deployment runs in: {@code path} is {@code /health},
     * {@code /health/ready}, ... (on Liberty at the application's port, on WildFly at the management interface).
     */
    HttpResponse<String> health(String path) {
        return send(HttpRequest.newBuilder(TestServer.current().health(base.getPort(), path))
                .timeout(Duration.ofSeconds(60)).GET());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> patch(String path, String json, String bearer) {
        return send(request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A webhook delivery: the Svix headers on {@code body}, without credentials. */
    HttpResponse<String> webhook(String path, String svixId, String timestamp, String signature, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (svixId != null) {
            b.header("svix-id", svixId);
        }
        if (timestamp != null) {
            b.header("svix-timestamp", timestamp);
        }
        if (signature != null) {
            b.header("svix-signature", signature);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> getWithBearer(String path, String bearer) {
        return send(request(path).header("Authorization", "Bearer " + bearer).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        HttpRequest request = b.build();
        if (bearer != null && request.headers().firstValue("Authorization").isEmpty()) {
            request = b.header("Authorization", "Bearer " + bearer).build();
        }
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonObject object(HttpResponse<String> r) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject();
        }
    }

    static JsonArray array(HttpResponse<String> r) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readArray();
        }
    }
}
