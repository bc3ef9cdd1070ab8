package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Redisson logs through SLF4J. The WAR carries SLF4J's java.util.logging provider, so its lines reach the server's
 * log (Liberty collects java.util.logging) instead of being dropped for want of a provider.
 */
class RedissonLogsReachTheServerLogTest {

    @Test
    void slf4jLineOfARedissonLogger_arrivesInJavaUtilLogging() {
        try (LogCapture log = new LogCapture()) {
            org.slf4j.LoggerFactory.getLogger("org.redisson.connection.ConnectionsHolder")
                    .warn("connection to {} lost", "127.0.0.1:6379");

            assertTrue(log.lines().stream().anyMatch(l -> l.contains("connection to 127.0.0.1:6379 lost")),
                    String.join("\n", log.lines()));
        }
    }
}
