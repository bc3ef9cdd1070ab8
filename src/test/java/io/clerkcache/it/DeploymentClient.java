package io.clerkcache.it;

import java.net.URL;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;

/** A client-side test of one deployment: HTTP to its API, and its simulator's statistics zeroed before each test. */
abstract class DeploymentClient {

    @ArquillianResource
    URL base;

    Http http;
    Simulator clerk;

    @BeforeEach
    void connectAndZeroClerkStats() {
        http = new Http(base);
        clerk = new Simulator(http);
        clerk.latency(0);
        clerk.resetStats();
    }
}
