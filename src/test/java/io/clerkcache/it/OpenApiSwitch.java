package io.clerkcache.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns OpenAPI on in the integration-test server for one test class, and off again after it
 * ({@link TestServer#openApi(boolean)}). Register it before {@code ArquillianExtension}, so that OpenAPI is on before
 * the class's deployment starts (OpenAPI describes an application when it starts) and off only after it is undeployed.
 *
 * <p>On Liberty the server runs the shipped configuration, where {@code openapi.enabled=false} leaves out
 * {@code openapi-true.xml} (and {@link OperationsSecurityIT} checks that {@code /openapi} is then absent). Liberty
 * reads that switch only at start, so {@link #libertyOpenApi(boolean)} includes the same {@code openapi-true.xml}
 * through a configuration drop-in, which Liberty applies while running, and removes it afterwards. If the server is
 * not running yet, Arquillian starts it with the drop-in in place.
 */
final class OpenApiSwitch implements BeforeAllCallback, AfterAllCallback {


    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestServer.current().openApi(true);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        TestServer.current().openApi(false);
    }

    /** Liberty's way: a configuration drop-in including {@code openapi-true.xml}, or none. */
    static void libertyOpenApi(boolean on) throws InterruptedException, IOException {
        if (!on) {
            Files.deleteIfExists(dropIn());
            awaitOpenApi(false);
            return;
        }
        Path dropIn = dropIn();
        Files.createDirectories(dropIn.getParent());
        Files.writeString(dropIn, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by OpenApiSwitch for one test class: what openapi.enabled=true includes. -->
                <server>
                    <include location="${server.config.dir}/openapi-true.xml"/>
                </server>
                """);
        awaitOpenApi(true);
    }

    private static Path dropIn() {
        String serverDir = System.getProperty("it.server.dir");
        if (serverDir == null) {
            throw new IllegalStateException("system property it.server.dir is not set: run through failsafe");
        }
        return Path.of(serverDir, "configDropins", "overrides", "it-openapi-on.xml");
    }

    /** Waits until {@code /openapi} is served (or not); returns at once if the server is not running. */
    private static void awaitOpenApi(boolean on) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            OptionalInt status = openApiStatus();
            if (status.isEmpty() || (on ? status.getAsInt() == 200 : status.getAsInt() == 404)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("/openapi still answers " + status.getAsInt() + " " + WAIT
                        + " after OpenAPI was turned " + (on ? "on" : "off") + " (see the server's messages.log)");
            }
            Thread.sleep(250);
        }
    }

    /** The status of {@code GET /openapi}, or empty if the server is not running. */
    private static OptionalInt openApiStatus() throws InterruptedException {
        URI uri = ServerEndpoints.http("/openapi");
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<Void> r = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
            return OptionalInt.of(r.statusCode());
        } catch (ConnectException notRunning) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(uri.toString(), e);
        }
    }
}
