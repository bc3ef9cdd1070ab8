package io.clerkcache.ops;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.webhook.WebhookConfig;

/**
 * One line at start that says what this instance is: demo or live, where the cache is, whether Redis answers now,
 * and whether webhooks are on. Nothing secret, no user data.
 */
@ApplicationScoped
public class StartupLog {

    private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application, ClerkConfig clerk,
            UserCaches caches, RedisProbe redis, WebhookConfig webhooks) {
        String line = line(clerk.demoMode(), caches.backend(), redis.state(), webhooks.secret().isPresent());
        LOG.info(line);
    }

    static String line(boolean demo, String cacheType, RedisProbe.State redis, boolean webhooks) {
        return "clerk-cache started: mode " + (demo ? "DEMO (built-in Clerk simulator)" : "live (Clerk's Backend API)")
                + ", cache " + cacheType
                + (redis == RedisProbe.State.NOT_CONFIGURED ? "" : ", Redis " + (redis == RedisProbe.State.UP
                ? "reachable" : "NOT reachable now (lookups go to Clerk until it answers)"))
                + ", webhooks " + (webhooks ? "on" : "off");
    }
}
