package io.clerkcache.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * WildFly as the test server ({@code server-config/wildfly/configure.cli} applied to the base directory
 * {@code it.server.dir}): {@code /metrics} and {@code /health} on the management interface
 * ({@code it.management.port}), {@code log/server.log}, and the self-signed certificate WildFly creates in
 * {@code configuration/application.keystore} at its first HTTPS connection (its default keystore password and
 * alias).
 */
final class WildFlyServer implements TestServer {

    static final WildFlyServer INSTANCE = new WildFlyServer();

    private static final Duration KEYSTORE_WAIT = Duration.ofSeconds(30);

    private WildFlyServer() {
    }

    @Override
    public String name() {
        return "WildFly";
    }

    @Override
    public int httpPort() {
        return Integer.getInteger("it.wildfly.http.port", 8280);
    }

    @Override
    public int httpsPort() {
        return Integer.getInteger("it.wildfly.https.port", 8643);
    }

    @Override
    public int instanceBHttpPort() {
        return Integer.getInteger("it.wildfly.b.http.port", 8281);
    }

    @Override
    public URI metrics() {
        return URI.create("http://localhost:" + managementPort(Deployments.PORT) + "/metrics");
    }

    @Override
    public boolean exportsLatencyBuckets() {
        return false; // the registry WildFly gives a deployment takes no distribution settings (MicrometerMeters)
    }

    @Override
    public boolean redirectsPlainHttpMetricsToHttps() {
        return false; // the management interface speaks plain HTTP, bound to 127.0.0.1 (docs/wildfly.md)
    }

    @Override
    public URI health(int httpPort, String path) {
        return URI.create("http://localhost:" + managementPort(httpPort) + path);
    }

    private static int managementPort(int httpPort) {
        if (httpPort == SecondServer.HTTP_PORT) {
            return Integer.parseInt(ServerEndpoints.required("it.wildfly.b.management.port"));
        }
        return Integer.parseInt(ServerEndpoints.required("it.wildfly.management.port"));
    }

    @Override
    public boolean publishesEmptySecurityRequirements() {
        return false;
    }

    @Override
    public boolean declaresMetricsContentType() {
        return false;
    }

    @Override
    public String alwaysExportedMetricLine() {
        return "# TYPE cpu_available_processors gauge";
    }

    @Override
    public Path log() {
        return baseDir().resolve("log").resolve("server.log");
    }

    /** SmallRye OpenAPI's warnings and errors (its message ids start with SROAP). */
    @Override
    public boolean isOpenApiProblem(String logLine) {
        return logLine.contains("SROAP") && (logLine.contains(" WARN ") || logLine.contains(" ERROR "));
    }

    /**
     * MicroProfile OpenAPI's switch {@code mp.openapi.extensions.enabled}, a system property of the server
     * ({@code configure.cli}), written through the CLI as the local user. WildFly's OpenAPI subsystem reads it at boot
     * too: a server started with it off has no OpenAPI registry for its host, and a deployment then started with it on
     * fails ("Required services that are not installed: org.wildfly.open-api.model-registry..."). So a running
     * server is reloaded after the change (the CLI's {@code reload} returns once it runs again).
     */
    @Override
    public void openApi(boolean on) throws Exception {
        String write = "/system-property=mp.openapi.extensions.enabled:write-attribute(name=value,value=" + on + ")";
        String out = cli("--connect", "--controller=localhost:" + ServerEndpoints.required("it.wildfly.management.port"),
                "--commands=" + write + ",reload");
        if (out.contains("Connection refused")) { // not started yet (Arquillian starts it): change its configuration
            out = cli("--commands=embed-server --server-config=standalone-microprofile.xml --stability=community,"
                    + write + ",stop-embedded-server");
        }
        if (!out.contains("success")) {
            throw new IllegalStateException("cannot turn OpenAPI " + (on ? "on" : "off") + " in WildFly: " + out);
        }
    }

    /** Runs WildFly's CLI on the integration-test server's base directory; its output. */
    static String cli(String... arguments) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(ServerEndpoints.required("it.wildfly.home"), "bin", "jboss-cli.sh").toString());
        command.addAll(java.util.List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + baseDir());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Override
    public ServerSettings applySettings(String name, java.util.Map<String, String> settings) {
        return WildFlyServerSettings.apply(settings);
    }

    @Override
    public ServerCertificate certificate() {
        Path keyStore = baseDir().resolve("configuration").resolve("application.keystore");
        if (!Files.isRegularFile(keyStore)) {
            createdAtFirstHttpsConnection(keyStore);
        }
        return new ServerCertificate(keyStore, "JKS", "password".toCharArray(), "server");
    }

    @Override
    public SecondServer instanceB() {
        return WildFlySecondServer.instanceB();
    }

    static Path baseDir() {
        return Path.of(ServerEndpoints.required("it.server.dir"));
    }

    /** One TLS handshake that trusts anything, only so that WildFly writes its keystore; then waits for the file. */
    private static void createdAtFirstHttpsConnection(Path keyStore) {
        try {
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket socket = (SSLSocket) any.getSocketFactory().createSocket("localhost",
                    ServerEndpoints.HTTPS_PORT)) {
                socket.startHandshake();
            }
            long deadline = System.nanoTime() + KEYSTORE_WAIT.toNanos();
            while (!Files.isRegularFile(keyStore) || Files.size(keyStore) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("WildFly did not create " + keyStore);
                }
                Thread.sleep(100);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot have WildFly create its keystore " + keyStore, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
