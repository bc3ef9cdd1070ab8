package io.clerkcache.webhook;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/** Says at startup whether the webhook endpoint can work, and why not. */
@ApplicationScoped
public class WebhookStartup {

    private static final Logger LOG = Logger.getLogger(WebhookStartup.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application, WebhookConfig config) {
        if (config.secret().isEmpty()) {
            LOG.warning("Clerk webhooks are OFF: clerk.webhook-secret (env CLERK_WEBHOOK_SECRET) is not set, so"
                    + " POST /api/webhooks/clerk answers 503 and users changed in Clerk stay cached until their TTL"
                    + " (clerk.cache.ttl). Set it to the endpoint's signing secret (whsec_...) from Clerk's dashboard.");
        } else if (config.secretDerivedForDemo()) {
            LOG.info("Clerk webhooks: demo mode, the simulator signs its events with a secret derived for the demo");
        } else {
            LOG.info("Clerk webhooks: POST /api/webhooks/clerk accepts events signed with clerk.webhook-secret");
        }
    }
}
