package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;

/**
 * A snapshot of one Clerk event the simulator recorded, and how its delivery went.
 *
 * @param svixId the {@code svix-id} ({@code msg_} and 27 base62 characters), the same on every delivery of the event
 * @param type {@code user.created}, {@code user.updated} or {@code user.deleted}
 * @param userId the user the event is about
 * @param updatedAt the user's {@code updated_at} in the event, or {@code null} for {@code user.deleted}
 * @param timestamp the envelope's {@code timestamp}: when the change happened, epoch milliseconds
 * @param state how delivery stands
 * @param attempts deliveries attempted so far
 * @param lastStatus the receiver's HTTP status on the last finished attempt, or {@code null} (none yet, or no answer)
 * @param lastError why the last finished attempt got no answer or was not made, or {@code null}
 * @param body the event exactly as sent, the bytes its signature covers (UTF-8)
 */
public record SimulatedEvent(String svixId, String type, String userId, Long updatedAt, long timestamp, State state,
        int attempts, Integer lastStatus, String lastError, String body) {

    /** How delivery of an event stands. */
    public enum State {
        /** Recorded, not sent: delivery is {@link WebhookDelivery#HOLD} or there is no target. */
        HELD,
        /** Waiting for a free connection or for the receiver's answer. */
        PENDING,
        /** The last finished attempt got a 2xx. */
        DELIVERED,
        /** The last finished attempt got another status or no answer, or the event could not be queued. */
        FAILED;

        /** The name in JSON: {@code held}, {@code pending}, {@code delivered}, {@code failed}. */
        public String jsonValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The event as {@code GET /simulator/control/webhooks} lists it: {@code svixId}, {@code type}, {@code userId},
     * {@code updatedAt}, {@code timestamp}, {@code state}, {@code attempts}, {@code lastStatus} and, if there is one,
     * {@code lastError}; not the body.
     */
    public JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("svixId", svixId)
                .add("type", type)
                .add("userId", userId);
        if (updatedAt == null) {
            json.addNull("updatedAt");
        } else {
            json.add("updatedAt", updatedAt);
        }
        json.add("timestamp", timestamp).add("state", state.jsonValue()).add("attempts", attempts);
        if (lastStatus == null) {
            json.addNull("lastStatus");
        } else {
            json.add("lastStatus", lastStatus);
        }
        if (lastError != null) {
            json.add("lastError", lastError);
        }
        return json.build();
    }
}
