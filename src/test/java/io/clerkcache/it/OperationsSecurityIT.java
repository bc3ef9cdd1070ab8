package io.clerkcache.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's own endpoints in the shipped server configuration (Liberty: {@code server-config/common.xml}, which the
 * integration-test server includes, with test-only credentials in its {@code bootstrap.properties}; WildFly:
 * {@code server-config/wildfly/configure.cli}, with a test-only management user): {@code /metrics} needs the
 * configured credentials (and HTTPS on Liberty; on WildFly it is on the management interface), {@code /health} stays
 * open, OpenAPI and its UI are off, and the security that {@code /metrics} brings changes nothing for the
 * application's own endpoints.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsSecurityIT extends DeploymentClient {

    private static final String METRICS_CREDENTIALS = ServerEndpoints.basic(ServerEndpoints.METRICS_USER,
            ServerEndpoints.METRICS_PASSWORD);

    private ServerEndpoints server;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-operations", Map.of());
    }

    @BeforeEach
    void connectToTheServer() {
        server = new ServerEndpoints();
    }

    @Test
    void metrics_configuredCredentialsOverHttps_prometheusText() {
        HttpResponse<String> r = server.get(ServerEndpoints.metrics(), METRICS_CREDENTIALS);

        assertEquals(200, r.statusCode(), r::body);
        if (TestServer.current().declaresMetricsContentType()) {
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    r.headers()::toString);
        }
        assertTrue(r.body().contains(TestServer.current().alwaysExportedMetricLine()), r::body);
    }

    @Test
    void metrics_noCredentials_401BasicChallengeAndNoMetrics() {
        HttpResponse<String> r = server.get(ServerEndpoints.metrics());

        assertEquals(401, r.statusCode(), r::body);
        assertTrue(r.headers().allValues("WWW-Authenticate").stream().anyMatch(c -> c.startsWith("Basic")),
                r.headers()::toString);
        assertFalse(r.body().contains("# TYPE"), r::body);
    }

    @Test
    void metrics_wrongPasswordOrTheApplicationsAdminKey_401() {
        Map<String, String> wrong = Map.of(
                "wrong password", ServerEndpoints.basic(ServerEndpoints.METRICS_USER,
                        ServerEndpoints.METRICS_PASSWORD + "x"),
                "empty password", ServerEndpoints.basic(ServerEndpoints.METRICS_USER, ""),
                "the unresolved variable as password", ServerEndpoints.basic(ServerEndpoints.METRICS_USER,
                        "${metrics.password}"),
                "the application's admin API key", "Bearer " + Http.ADMIN_KEY);
        wrong.forEach((what, authorization) -> {
            HttpResponse<String> r = server.get(ServerEndpoints.metrics(), authorization);

            assertEquals(401, r.statusCode(), what);
            assertFalse(r.body().contains("# TYPE"), what);
        });
    }

    @Test
    void metrics_plainHttp_redirectedToHttpsWithoutAnswering() {
        HttpResponse<String> r = server.get(ServerEndpoints.http("/metrics"), METRICS_CREDENTIALS);

        if (TestServer.current().redirectsPlainHttpMetricsToHttps()) {
            assertEquals(302, r.statusCode(), r::body);
            assertEquals(ServerEndpoints.https("/metrics").toString(), r.headers().firstValue("Location").orElse(""));
        } else { // the application's port has no /metrics at all
            assertEquals(404, r.statusCode(), r::body);
        }
        assertFalse(r.body().contains("# TYPE"), r::body);
    }

    @Test
    void health_noCredentials_answered() {
        HttpResponse<String> live = server.get(ServerEndpoints.health("/health/live"));
        HttpResponse<String> all = server.get(ServerEndpoints.health("/health"));

        assertEquals(200, live.statusCode(), live::body);
        assertTrue(live.body().contains("\"status\":\"UP\""), live::body);
        // readiness may be DOWN (503) while something is starting; either way MicroProfile Health answers it
        assertTrue(all.statusCode() == 200 || all.statusCode() == 503, all::body);
        assertTrue(all.body().contains("\"status\":"), all::body);
    }

    @Test
    void openApiAndItsUi_off_404() {
        for (URI uri : new URI[] {ServerEndpoints.http("/openapi"), ServerEndpoints.http("/openapi/ui/"),
                ServerEndpoints.https("/openapi/ui/index.html")}) {
            HttpResponse<String> r = server.get(uri);

            assertEquals(404, r.statusCode(), uri::toString);
            assertFalse(r.body().contains("openapi:"), r::body);
            assertFalse(r.body().contains("swagger-ui"), r::body);
        }
    }

    @Test
    void applicationEndpoints_metricsCredentialsAreNoCredentialOfTheApplication() {
        HttpResponse<String> r = server.get(base("api/cache/stats", false), METRICS_CREDENTIALS);

        assertEquals(401, r.statusCode(), r::body);
        assertEquals("urn:clerk-cache:problem:invalid-credentials", Http.object(r).getString("type"));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers()::toString);
    }

    @Test
    void applicationEndpoints_overHttps_theApplicationsOwnAuthentication() {
        HttpResponse<String> anonymous = server.get(base("api/cache/stats", true));
        HttpResponse<String> admin = server.get(base("api/cache/stats", true), "Bearer " + Http.ADMIN_KEY);

        assertEquals(401, anonymous.statusCode(), anonymous::body);
        assertEquals("urn:clerk-cache:problem:authentication-required", Http.object(anonymous).getString("type"));
        assertEquals(200, admin.statusCode(), admin::body);
        assertEquals(0, clerk.calls());
    }

    /** A path of this deployment, over HTTP or HTTPS. */
    private URI base(String path, boolean https) {
        String contextPath = URI.create(base.toString()).getPath();
        return https ? ServerEndpoints.https(contextPath + path) : ServerEndpoints.http(contextPath + path);
    }
}
