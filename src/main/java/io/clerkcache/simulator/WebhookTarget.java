package io.clerkcache.simulator;

import java.net.URI;
import java.util.Objects;

/**
 * Where the simulator delivers its Clerk events and the secret it signs them with, as Svix would for an endpoint
 * configured in Clerk's dashboard. In demo mode both come from {@code io.clerkcache.webhook.WebhookConfig}.
 *
 * @param url the receiving endpoint, e.g. {@code http://127.0.0.1:9080/api/webhooks/clerk}
 * @param secret the endpoint's signing secret, {@code whsec_} followed by base64; never logged or shown
 */
public record WebhookTarget(URI url, String secret) {

    /** Checks that both are present. */
    public WebhookTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
    }

    /** Keeps the secret out of logs and messages. */
    @Override
    public String toString() {
        return "WebhookTarget[" + url + "]";
    }
}
