package io.clerkcache.it;

import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;

import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A second instance of the service for tests that need two (instance B), next to the server Arquillian runs: a server
 * of the same kind ({@link TestServer#instanceB()}: {@link LibertySecondServer}, {@link WildFlySecondServer}) on its
 * own ports ({@code it.b.http.port}), started by the test and stopped by {@link #close()}, also when the test JVM
 * ends in any way.
 */
interface SecondServer extends AutoCloseable {

    int HTTP_PORT = TestServer.current().instanceBHttpPort();

    /** Instance B as the build configured it (failsafe's system properties). */
    static SecondServer instanceB() {
        return TestServer.current().instanceB();
    }

    /** The base URL of an application on instance B, by its context root (no slashes). */
    static URL base(String contextRoot) {
        return url("http://localhost:" + HTTP_PORT + "/" + contextRoot + "/");
    }

    static URL url(String spec) {
        try {
            return new URL(spec);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Puts an application where the server deploys it when it starts. */
    void deploy(WebArchive war);

    /**
     * Starts the server and waits until {@code readyPath} (relative to the server's root, e.g.
     * {@code app/api/cache/stats}) answers 200 to the admin API key.
     *
     * @return how long the start took, until that answer
     */
    Duration start(String readyPath);

    /** Stops the server and waits for its process to end. */
    @Override
    void close();
}
