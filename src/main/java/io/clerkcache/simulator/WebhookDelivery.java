package io.clerkcache.simulator;

import java.util.Locale;

/**
 * What the simulator does with the Clerk events its users' changes cause ({@code clerk.simulator.webhook-delivery},
 * {@code webhookDelivery} in the control settings).
 */
public enum WebhookDelivery {
    /** Record each event and send it at once, signed (the default); without a target, events are only held. */
    DELIVER,
    /** Record each event but send it only when asked ({@code POST /simulator/control/webhooks/{svixId}/deliver}). */
    HOLD,
    /** Neither record nor send. */
    OFF;

    /** The name in configuration and JSON: {@code deliver}, {@code hold}, {@code off}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named {@code value} (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static WebhookDelivery parse(String value) {
        String name = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (WebhookDelivery mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected deliver, hold or off");
    }
}
