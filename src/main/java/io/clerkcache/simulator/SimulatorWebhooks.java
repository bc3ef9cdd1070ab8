package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The simulator's Clerk webhooks: every change to a simulated user becomes a {@code user.created},
 * {@code user.updated} or {@code user.deleted} event in Clerk's envelope ({@code data}, {@code object:"event"},
 * {@code type}, {@code timestamp} in epoch ms, {@code instance_id}, {@code event_attributes}), recorded with a
 * {@code svix-id} and, in {@link WebhookDelivery#DELIVER} mode, sent at once to the {@link WebhookTarget}, signed as
 * Svix signs. Sending never blocks or fails the change that caused the event: at most {@value #MAX_IN_FLIGHT} events
 * are on their way at a time, up to {@value #MAX_QUEUED} wait, and each attempt's outcome is recorded.
 *
 * <p>Unlike Svix there are no automatic retries; {@link #deliver(String)} sends an event again on demand (with a
 * fresh timestamp and signature, the same id and body), which is how tests and demos produce duplicate and
 * out-of-order deliveries. The last {@value #EVENTS_KEPT} events are kept. Without a target (unit tests, or no
 * webhook secret) events are recorded as held and nothing is sent. Thread-safe.
 */
public final class SimulatorWebhooks {

    /** Recent events kept for {@link #events()}. */
    public static final int EVENTS_KEPT = 200;
    /** Events sent at the same time. */
    static final int MAX_IN_FLIGHT = 4;
    /** Events waiting for a free connection; beyond, an event is recorded as failed. */
    static final int MAX_QUEUED = 1000;

    private static final Logger LOG = Logger.getLogger(SimulatorWebhooks.class.getName());
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** The outcome of one delivery on demand: the receiver's status, or 0 and why there was no answer. */
    public record Attempt(int status, String error) {
    }

    private final String instanceId;
    private final Clock clock;
    private final WebhookSender sender;
    private final Random svixIds = new SecureRandom();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private volatile WebhookDelivery delivery;

    private final Map<String, EventRecord> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventRecord> eldest) {
            return size() > EVENTS_KEPT;
        }
    };
    private final Deque<EventRecord> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param instanceId the envelope's {@code instance_id}
     * @param clock time of the envelope's {@code timestamp} and of each attempt's {@code svix-timestamp}
     * @param target where to send, or {@code null} to send nothing
     * @throws IllegalArgumentException if the target's secret is not {@code whsec_} followed by base64
     */
    SimulatorWebhooks(String instanceId, Clock clock, WebhookDelivery delivery, WebhookTarget target) {
        this.instanceId = instanceId;
        this.clock = clock;
        this.delivery = delivery;
        this.sender = target == null ? null : new WebhookSender(target, clock);
    }

    void userCreated(JsonObject user) {
        emit("user.created", user.getString("id"), user.getJsonNumber("updated_at").longValue(), user);
    }

    void userUpdated(JsonObject user) {
        emit("user.updated", user.getString("id"), user.getJsonNumber("updated_at").longValue(), user);
    }

    void userDeleted(String id) {
        emit("user.deleted", id, null, UserWrites.deleted(id));
    }

    /** The envelope's {@code instance_id}: {@code ins_} and 27 base62 characters, stable for one seed. */
    public String instanceId() {
        return instanceId;
    }

    /** What happens to new events. */
    public WebhookDelivery delivery() {
        return delivery;
    }

    /** Changes what happens to new events (and to queued ones not yet sent); recorded events stay as they are. */
    public void setDelivery(WebhookDelivery delivery) {
        this.delivery = delivery;
    }

    /** Where events go, if anywhere. */
    public Optional<URI> targetUrl() {
        return sender == null ? Optional.empty() : Optional.of(sender.target().url());
    }

    /** The recent events, oldest first. */
    public List<SimulatedEvent> events() {
        List<EventRecord> records;
        synchronized (recent) {
            records = new ArrayList<>(recent.values());
        }
        return records.stream().map(EventRecord::snapshot).toList();
    }

    /** One recent event. */
    public Optional<SimulatedEvent> event(String svixId) {
        return find(svixId).map(EventRecord::snapshot);
    }

    /**
     * Sends a recent event now, whatever the delivery mode, and waits for the answer: another delivery of the same
     * event (same {@code svix-id} and body) with a fresh {@code svix-timestamp} and signature.
     *
     * @throws NoSuchElementException if no recent event has that id
     * @throws IllegalStateException if there is no target
     */
    public Attempt deliver(String svixId) {
        EventRecord event = find(svixId).orElseThrow(() -> new NoSuchElementException("no recent event " + svixId));
        if (sender == null) {
            throw new IllegalStateException("the simulator has no webhook target (demo mode and a webhook secret"
                    + " are needed)");
        }
        int attempt = event.attemptStarted();
        try {
            int status = sender.send(event);
            event.finished(attempt, status, null);
            return new Attempt(status, null);
        } catch (IOException e) {
            String why = WebhookSender.describe(e);
            event.finished(attempt, 0, why);
            return new Attempt(0, why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            event.finished(attempt, 0, "interrupted");
            return new Attempt(0, "interrupted");
        }
    }

    /** Events on their way now (for tests). */
    int inFlight() {
        synchronized (queue) {
            return inFlight;
        }
    }

    /** Events waiting for a free connection (for tests). */
    int waiting() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Forgets the recent events (those still queued are sent all the same). */
    void clear() {
        synchronized (recent) {
            recent.clear();
        }
    }

    /** Stops sending. */
    public void close() {
        if (sender != null) {
            sender.close();
        }
    }

    private Optional<EventRecord> find(String svixId) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(svixId));
        }
    }

    /** Records and, if so configured, sends an event; never throws, so that the change that caused it stands. */
    private void emit(String type, String userId, Long updatedAt, JsonObject data) {
        WebhookDelivery mode = delivery;
        if (mode == WebhookDelivery.OFF) {
            return;
        }
        try {
            long now = clock.millis();
            String body = JSON.createObjectBuilder()
                    .add("data", data)
                    .add("object", "event")
                    .add("type", type)
                    .add("timestamp", now)
                    .add("instance_id", instanceId)
                    .add("event_attributes", JSON.createObjectBuilder().add("http_request", JSON.createObjectBuilder()
                            .add("client_ip", "").add("user_agent", "")))
                    .build().toString();
            EventRecord event = new EventRecord(newSvixId(), type, userId, updatedAt, now, body);
            synchronized (recent) {
                recent.put(event.svixId, event);
            }
            if (mode == WebhookDelivery.DELIVER && sender != null) {
                enqueue(event);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Simulator: the " + type + " event of " + userId + " could not be recorded", e);
        }
    }

    private void enqueue(EventRecord event) {
        synchronized (queue) {
            if (queue.size() >= MAX_QUEUED) {
                event.notQueued("not sent: " + MAX_QUEUED + " events were already waiting");
                return;
            }
            event.queued();
            queue.addLast(event);
        }
        pump();
    }

    /** Starts waiting events while fewer than {@link #MAX_IN_FLIGHT} are on their way. */
    private void pump() {
        while (true) {
            EventRecord next;
            synchronized (queue) {
                if (inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) {
                    return;
                }
                next = queue.pollFirst();
                if (delivery != WebhookDelivery.DELIVER) {
                    next.held();
                    continue;
                }
                inFlight++;
            }
            int attempt = next.attemptStarted();
            try {
                sender.sendAsync(next).whenComplete((status, failure) -> {
                    try {
                        finished(next, attempt, status, failure);
                    } finally {
                        synchronized (queue) {
                            inFlight--;
                        }
                        pump();
                    }
                });
            } catch (RuntimeException e) { // e.g. the sender's threads already stopped
                finished(next, attempt, null, e);
                synchronized (queue) {
                    inFlight--;
                }
            }
        }
    }

    private void finished(EventRecord event, int attempt, Integer status, Throwable failure) {
        String why = failure == null ? null : WebhookSender.describe(failure);
        event.finished(attempt, status == null ? 0 : status, why);
        if (failure != null || status < 200 || status >= 300) {
            boolean first = failureLogged.compareAndSet(false, true);
            LOG.log(first ? Level.WARNING : Level.FINE, () -> "Simulator: " + event.type + " " + event.svixId
                    + " to " + sender.target().url() + ": " + (why == null ? "HTTP " + status : why)
                    + (first ? " (further failures are logged at FINE; GET /simulator/control/webhooks lists every"
                            + " recent event)" : ""));
        }
    }

    private String newSvixId() {
        StringBuilder id = new StringBuilder("msg_");
        for (int i = 0; i < 27; i++) {
            id.append(BASE62.charAt(svixIds.nextInt(BASE62.length())));
        }
        return id.toString();
    }
}
