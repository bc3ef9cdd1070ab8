package io.clerkcache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployments that are not in demo mode, in a real Liberty: one with a secret key (its Clerk is a closed port: these
 * tests never need an answer from Clerk), and one with neither a key nor demo mode, which must not start.
 */
@ExtendWith(ArquillianExtension.class)
class DeploymentModeIT {

    private static final Path MESSAGES_LOG = TestServer.current().log();

    @Deployment(name = "live", testable = false)
    static WebArchive live() {
        return Deployments.war("it-live", Map.of("clerk.demo-mode", "false", "clerk.secret-key", "sk_test_it_live",
                "clerk.api-url", "http://127.0.0.1:1/v1"));
    }

    @Deployment(name = "no-key", managed = false, testable = false)
    static WebArchive noKey() {
        return Deployments.war("it-no-key", Map.of("clerk.demo-mode", "false"));
    }

    @ArquillianResource
    @OperateOnDeployment("live")
    URL live;

    @ArquillianResource
    Deployer deployer;

    @Test
    void simulator_liveMode_404BeforeTheBodyIsSent() throws IOException {
        // Announce a 9 MB body and send a few bytes of it: a resource that read the body would never answer. (Under
        // WildFly's 10 MB cap on request bodies, which Undertow answers with 400 before any routing.)
        String head = "PATCH " + live.getPath() + "simulator/v1/users/user_2zK8mQp4TnV7xWbR1cYdE3fGhJk HTTP/1.1\r\n"
                + "Host: " + live.getHost() + ":" + live.getPort() + "\r\n"
                + "Authorization: Bearer " + Http.ADMIN_KEY + "\r\n" // past authentication: what answers is routing
                + "Content-Type: application/json\r\n"
                + "Content-Length: 9000000\r\n\r\n"
                + "{\"username\":\"";
        try (Socket socket = new Socket(live.getHost(), live.getPort())) {
            socket.setSoTimeout(30_000); // a deadline for the answer, so a body-reading server fails the test
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String statusLine = readLine(socket.getInputStream());

            assertTrue(statusLine.startsWith("HTTP/1.1 404"), statusLine);
        }
    }

    @Test
    void simulatorControl_liveMode_404Problem() {
        Http http = new Http(live);

        for (HttpResponse<String> r : new HttpResponse[] {http.get("simulator/control/stats"),
                http.post("simulator/control/users", "{\"count\":1}"),
                http.get("simulator/v1/users?limit=1")}) { // with the admin key: past authentication
            assertEquals(404, r.statusCode(), r::body);
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        }
    }

    @Test
    void readiness_liveMode_saysLiveWithTheConfiguredPrefix() {
        JsonObject check = Readiness.checkOf(new Http(live), "it:it-live:");

        assertEquals("UP", check.getString("status"));
        assertEquals("live", check.getJsonObject("data").getString("mode"));
        assertFalse(check.getJsonObject("data").getString("keyPrefix").endsWith("demo:"), check::toString);
    }

    @Test
    void deploy_noSecretKeyAndNoDemoMode_refusedWithAMessageSayingWhatToSet() throws IOException {
        try {
            assertThrows(Exception.class, () -> deployer.deploy("no-key"));
        } finally {
            undeployQuietly();
        }

        String log = Files.readString(MESSAGES_LOG);
        assertTrue(log.contains("Invalid configuration clerk.secret-key (env CLERK_SECRET_KEY): missing"),
                MESSAGES_LOG::toString);
        assertTrue(log.contains("clerk.demo-mode=true"), MESSAGES_LOG::toString);
    }

    private void undeployQuietly() {
        try {
            deployer.undeploy("no-key");
        } catch (RuntimeException notDeployed) {
            // the failed application may not be installed at all: nothing to clean up then
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
