package io.clerkcache.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server the integration tests run in, and everything about it that differs between Open Liberty and WildFly:
 * where its own endpoints ({@code /metrics}, {@code /health}) are, its log, its HTTPS certificate, its second
 * instance. failsafe's execution names it ({@code it.server}: {@code liberty}, the default, or {@code wildfly}); the
 * test classes ask {@link #current()} and stay the same on both.
 */
interface TestServer {

    /** The server of this test run. */
    static TestServer current() {
        return "wildfly".equals(System.getProperty("it.server")) ? WildFlyServer.INSTANCE : LibertyServer.INSTANCE;
    }

    /** "Liberty" or "WildFly", for messages. */
    String name();

    /** The HTTP port of the server Arquillian runs, where the deployments are. */
    int httpPort();

    /** Its HTTPS port. */
    int httpsPort();

    /** The HTTP port of instance B ({@link SecondServer}). */
    int instanceBHttpPort();

    /** Where the server's metrics are read in Prometheus text (with {@link ServerEndpoints#METRICS_USER}). */
    URI metrics();

    /** Whether the timers' latency buckets ({@code _bucket{le=...}}) are exported. */
    boolean exportsLatencyBuckets();

    /**
     * Whether {@code /metrics} is served on the application's HTTP port only as a redirect to HTTPS (Liberty), rather
     * than not at all, its home being another interface (WildFly's management interface).
     */
    boolean redirectsPlainHttpMetricsToHttps();

    /**
     * MicroProfile Health of the server whose HTTP port is {@code httpPort} (instance A's or B's): {@code path} is
     * {@code /health}, {@code /health/ready}, ...
     */
    URI health(int httpPort, String path);

    /**
     * Whether the OpenAPI document keeps an operation's empty {@code @SecurityRequirements} as {@code security: []}
     * (Liberty); WildFly 39 (SmallRye OpenAPI 4.2) drops it, so the operation shows the document's bearer requirement.
     */
    boolean publishesEmptySecurityRequirements();

    /** Whether {@code /metrics} answers with a {@code Content-Type} (WildFly's management interface sends none). */
    boolean declaresMetricsContentType();

    /** A line that the server's {@code /metrics} always holds (a JVM metric). */
    String alwaysExportedMetricLine();

    /** The server's log, where deployment failures are reported. */
    Path log();

    /** Whether a line of {@link #log()} is the server's OpenAPI validation reporting a problem in the description. */
    boolean isOpenApiProblem(String logLine);

    /**
     * Turns OpenAPI on or off for the deployments that start next (the shipped configuration leaves it off), and
     * waits until that holds where the server lets one see it ({@link OpenApiSwitch}).
     */
    void openApi(boolean on) throws Exception;

    /**
     * Sets {@code settings} for the applications of the running server through the server's own configuration, as an
     * operator would, and returns once the server applied them ({@link ServerSettings}); closing removes them.
     */
    ServerSettings applySettings(String name, Map<String, String> settings);

    /** The keystore holding the server's self-signed HTTPS certificate, created by the server if need be. */
    ServerCertificate certificate();

    /** The second instance of the service (TwoInstancesIT). */
    SecondServer instanceB();

    /** A keystore, its type and password, and the alias of the server's certificate in it. */
    record ServerCertificate(Path keyStore, String type, char[] password, String alias) {
    }
}
