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
 * HTTP and HTTPS to the integration-test server itself rather than to a deployment: Liberty's own endpoints
 * ({@code /metrics}, {@code /health}, {@code /openapi}). HTTPS trusts exactly the server's self-signed default
 * certificate, read from its keystore ({@code resources/security/key.p12}, created at the server's first start with
 * {@code it.keystore.password}); host names are still verified (the certificate names {@code localhost}).
 */
final class ServerEndpoints {

    static final int HTTPS_PORT = Integer.getInteger("it.https.port", 9543);
    static final String METRICS_USER = required("it.metrics.user");
    static final String METRICS_PASSWORD = required("it.metrics.password");

    private final HttpClient client;

    ServerEndpoints() {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trustingTheServer()).build();
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
        Path keyStore = Path.of(required("it.server.dir"), "resources", "security", "key.p12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore server = KeyStore.getInstance("PKCS12");
            server.load(in, required("it.keystore.password").toCharArray());
            Certificate certificate = server.getCertificate("default");
            if (certificate == null) {
                throw new IllegalStateException("no certificate 'default' in " + keyStore);
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

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + property + " is not set: run through failsafe");
        }
        return value;
    }
}
