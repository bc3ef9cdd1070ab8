package io.clerkcache.it;

import java.net.URI;
import java.nio.file.Path;

/**
 * Open Liberty as the test server: its endpoints on the application's ports ({@code /metrics} over HTTPS with the
 * metrics credentials), its {@code messages.log} and its default keystore in the server directory the build prepares
 * ({@code it.server.dir}).
 */
final class LibertyServer implements TestServer {

    static final LibertyServer INSTANCE = new LibertyServer();

    private LibertyServer() {
    }

    @Override
    public String name() {
        return "Liberty";
    }

    @Override
    public int httpPort() {
        return Integer.getInteger("it.http.port", 9180);
    }

    @Override
    public int httpsPort() {
        return Integer.getInteger("it.https.port", 9543);
    }

    @Override
    public int instanceBHttpPort() {
        return Integer.getInteger("it.b.http.port", 9181);
    }

    @Override
    public URI metrics() {
        return ServerEndpoints.https("/metrics");
    }

    @Override
    public boolean exportsLatencyBuckets() {
        return true;
    }

    @Override
    public boolean redirectsPlainHttpMetricsToHttps() {
        return true;
    }

    @Override
    public URI health(int httpPort, String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    @Override
    public boolean publishesEmptySecurityRequirements() {
        return true;
    }

    @Override
    public boolean declaresMetricsContentType() {
        return true;
    }

    @Override
    public String alwaysExportedMetricLine() {
        return "# TYPE jvm_uptime_seconds gauge";
    }

    @Override
    public Path log() {
        return serverDir().resolve("logs").resolve("messages.log");
    }

    @Override
    public boolean isOpenApiProblem(String logLine) {
        return logLine.contains("CWWKO1650E") || logLine.contains("CWWKO1651W");
    }

    @Override
    public void openApi(boolean on) throws Exception {
        OpenApiSwitch.libertyOpenApi(on);
    }

    @Override
    public ServerSettings applySettings(String name, java.util.Map<String, String> settings) {
        return LibertyServerSettings.apply(name, settings);
    }

    @Override
    public ServerCertificate certificate() {
        return new ServerCertificate(serverDir().resolve("resources").resolve("security").resolve("key.p12"),
                "PKCS12", ServerEndpoints.required("it.keystore.password").toCharArray(), "default");
    }

    @Override
    public SecondServer instanceB() {
        return LibertySecondServer.instanceB();
    }

    private static Path serverDir() {
        return Path.of(ServerEndpoints.required("it.server.dir"));
    }
}
