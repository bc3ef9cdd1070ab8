package io.clerkcache.clerk;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Demo mode's default simulator URL on WildFly, which has no {@code http.port} variable: WildFly's own HTTP port, from
 * the system properties its socket binding reads. The JVM's system properties are restored after each test.
 */
class WildFlyHttpPortTest {

    private Properties saved;

    @BeforeEach
    void saveSystemProperties() {
        saved = (Properties) System.getProperties().clone();
    }

    @AfterEach
    void restoreSystemProperties() {
        System.setProperties(saved);
    }

    private static ClerkConfig demo(Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of("clerk.demo-mode", "true"));
        values.putAll(more);
        return new ClerkConfig(TestConfigs.config(values));
    }

    @Test
    void simulatorUrl_inWildFlyWithPortOffset_followsItsHttpPort() {
        System.setProperty("jboss.home.dir", "/opt/wildfly");
        System.setProperty("jboss.socket.binding.port-offset", "200");

        assertEquals(URI.create("http://127.0.0.1:8280/simulator/v1"), demo(Map.of()).simulatorUrl());
    }

    @Test
    void simulatorUrl_inWildFlyWithItsHttpPortSet_followsIt() {
        System.setProperty("jboss.home.dir", "/opt/wildfly");
        System.setProperty("jboss.http.port", "8180");

        assertEquals(URI.create("http://127.0.0.1:8180/simulator/v1"), demo(Map.of()).simulatorUrl());
    }

    @Test
    void simulatorUrl_libertysHttpPortSet_winsOverWildFlys() {
        System.setProperty("jboss.home.dir", "/opt/wildfly");

        assertEquals(URI.create("http://127.0.0.1:9181/simulator/v1"),
                demo(Map.of("http.port", "9181")).simulatorUrl());
    }

    @Test
    void simulatorUrl_outsideWildFly_libertysDefaultPort() {
        System.clearProperty("jboss.home.dir");

        assertEquals(URI.create("http://127.0.0.1:9080/simulator/v1"), demo(Map.of()).simulatorUrl());
    }
}
