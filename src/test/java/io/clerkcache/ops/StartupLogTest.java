package io.clerkcache.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StartupLogTest {

    @Test
    void line_saysModeCacheRedisAndWebhooks() {
        assertEquals("clerk-cache started: mode DEMO (built-in Clerk simulator), cache in-memory, webhooks on",
                StartupLog.line(true, "in-memory", RedisProbe.State.NOT_CONFIGURED, true));
        assertEquals("clerk-cache started: mode live (Clerk's Backend API), cache redis, Redis NOT reachable now"
                + " (lookups go to Clerk until it answers), webhooks off",
                StartupLog.line(false, "redis", RedisProbe.State.DOWN, false));
        assertEquals("clerk-cache started: mode live (Clerk's Backend API), cache redis, Redis reachable, webhooks on",
                StartupLog.line(false, "redis", RedisProbe.State.UP, true));
    }
}
