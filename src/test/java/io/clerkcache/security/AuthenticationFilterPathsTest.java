package io.clerkcache.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which paths need no bearer credentials, and where a resource's role requirement is read from. */
class AuthenticationFilterPathsTest {

    @Test
    void isOpen_webhooksAlways_simulatorInDemoModeOnly() {
        assertTrue(AuthenticationFilter.isOpen("api/webhooks/clerk", false));
        assertTrue(AuthenticationFilter.isOpen("/api/webhooks/clerk", true));
        assertTrue(AuthenticationFilter.isOpen("simulator/control/tokens", true));
        assertTrue(AuthenticationFilter.isOpen("/simulator/v1/users", true));
        assertFalse(AuthenticationFilter.isOpen("simulator/control/tokens", false));
    }

    @Test
    void isOpen_statusPageAlways_itsDataInDemoModeOnly() {
        for (String page : List.of("status", "/status", "status/status.js", "status/status.css")) {
            assertTrue(AuthenticationFilter.isOpen(page, false), page);
        }
        assertTrue(AuthenticationFilter.isOpen("status/data", true));
        assertFalse(AuthenticationFilter.isOpen("status/data", false));
        for (String other : List.of("status/", "status/other.js", "statusx", "status/status.js/x",
                "status/../api/cache/stats")) {
            assertFalse(AuthenticationFilter.isOpen(other, false), other);
        }
    }

    @Test
    void isOpen_everythingElse_needsCredentials() {
        for (String path : List.of("api/users/user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", "api/cache/stats", "api/webhooks",
                "api/webhooksx/clerk", "", "/", "openapi", "unknown/path", "simulatorx/control/stats")) {
            assertFalse(AuthenticationFilter.isOpen(path, true), path);
        }
    }

    @Test
    void isOpen_traversalOrOddSegments_neverOpen() {
        for (String path : List.of("api/webhooks/../cache/users", "simulator/../api/cache/users",
                "simulator/./control/../../api/users/x", "api/webhooks//clerk", "simulator;x=1/control/stats",
                "api/webhooks/%2e%2e/cache", "simulator\\..\\api", "api/webhooks/clerk/..")) {
            assertFalse(AuthenticationFilter.isOpen(path, true), path);
        }
    }

    @RequiresRole("admin")
    static class AdminResource {
        public void list() {
        }

        @RequiresRole({"admin", "expert"})
        public void experts() {
        }
    }

    static class ProxySubclass extends AdminResource {
    }

    static class Open {
        public void get() {
        }
    }

    @Test
    void requirement_methodWinsOverClassAndContainerSubclassesSeeTheClass() throws Exception {
        assertArrayEquals(new String[] {"admin"}, RequiresRoleFilter.requirement(AdminResource.class,
                AdminResource.class.getMethod("list")).value());
        assertArrayEquals(new String[] {"admin", "expert"}, RequiresRoleFilter.requirement(AdminResource.class,
                AdminResource.class.getMethod("experts")).value());
        assertArrayEquals(new String[] {"admin"}, RequiresRoleFilter.requirement(ProxySubclass.class,
                AdminResource.class.getMethod("list")).value());
        assertNull(RequiresRoleFilter.requirement(Open.class, Open.class.getMethod("get")));
    }
}
