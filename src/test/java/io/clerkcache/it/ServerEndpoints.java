package io.clerkcache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP and HTTPS to the integration-test server itself rather than to a deployment: the server's own endpoints
 * ({@code /metrics}, {@code /health}, {@code /openapi}), where {@link TestServer} says they are. HTTPS trusts exactly
 * the server's self-signed certificate, read from its keystore ({@link TestServer#certificate()}); host names are
 * still verified (the certificate names {@code localhost}).
 */
final class ServerEndpoints {

    static final int HTTPS_PORT = TestServer.current().httpsPort();
    static final String METRICS_USER = required("it.metrics.user");
    static final String METRICS_PASSWORD = required("it.metrics.password");

    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Built at the first HTTPS request: WildFly creates its certificate only when HTTPS is first used. */
    private HttpClient tls;

    ServerEndpoints() {
    }

    /** The server's metrics in Prometheus text, application scope. */
    static URI metrics() {
        return TestServer.current().metrics();
    }

    /** MicroProfile Health of the integration-test server: {@code path} is {@code /health}, {@code /health/live}... */
    static URI health(String path) {
        return TestServer.current().health(Deployments.PORT, path);
    }

    static URI http(String path) {
        return URI.create("http://localhost:" + Deployments.PORT + path);
    }

    static URI https(String path) {
        return URI.create("https://localhost:" + HTTPS_PORT + path);
    }

    /** {@code Authorization: Basic ...} for a user and password. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(URI uri) {
        return send(request(uri).GET().build());
    }

    HttpResponse<String> get(URI uri, String authorization) {
        return send(request(uri).header("Authorization", authorization).GET().build());
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(HttpRequest request) {
        if ("https".equals(request.uri().getScheme()) && tls == null) {
            tls = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trustingTheServer()).build();
        }
        HttpClient client = "https".equals(request.uri().getScheme()) ? tls : PLAIN;
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trustingTheServer() {
        TestServer.ServerCertificate own = TestServer.current().certificate();
        Path keyStore = own.keyStore();
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore server = KeyStore.getInstance(own.type());
            server.load(in, own.password());
            Certificate certificate = server.getCertificate(own.alias());
            if (certificate == null) {
                throw new IllegalStateException("no certificate '" + own.alias() + "' in " + keyStore);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("it-server", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("the integration-test server's keystore " + keyStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the integration-test server's keystore " + keyStore, e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + property + " is not set: run through failsafe");
        }
        return value;
    }
}
