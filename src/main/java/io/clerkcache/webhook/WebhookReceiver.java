package io.clerkcache.webhook;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import javax.cache.CacheException;

import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.metrics.Recorder;
import io.clerkcache.users.UserChanges;

/**
 * Receives Clerk's webhooks (delivered by Svix): checks the signature on the raw body, the event's shape, and whether
 * the delivery was applied already, then applies {@code user.created}, {@code user.updated} and {@code user.deleted}
 * through {@link UserChanges}. Anything refused changes nothing. The HTTP endpoint is a thin shell around
 * {@link #receive}.
 */
@ApplicationScoped
public class WebhookReceiver {

    private static final Logger LOG = Logger.getLogger(WebhookReceiver.class.getName());

    /** Deliveries refused before their type was known (signature, size, JSON) are counted under this type. */
    public static final String UNKNOWN_TYPE = "unknown";

    /** What a delivery got: the HTTP status to answer, the outcome (counted), and a detail for the answer. */
    public record Result(int status, String type, String outcome, String detail) {
    }

    private WebhookConfig config;
    private DeliveryLog deliveries;
    private UserChanges changes;
    private Recorder stats;
    private WebhookSignature signature;

    /** For CDI. */
    protected WebhookReceiver() {
    }

    @Inject
    public WebhookReceiver(WebhookConfig config, DeliveryLog deliveries, UserChanges changes, Recorder stats,
            Clock clock) {
        this.config = config;
        this.deliveries = deliveries;
        this.changes = changes;
        this.stats = stats;
        this.signature = config.secret()
                .map(s -> new WebhookSignature(s, clock, WebhookSignature.DEFAULT_TOLERANCE)).orElse(null);
    }

    /** Whether a secret is configured (without one every delivery is answered 503). */
    public boolean enabled() {
        return signature != null;
    }

    /**
     * Handles one delivery whose body is at most {@link WebhookConfig#MAX_BODY_BYTES} (the endpoint refuses larger
     * ones before reading them).
     */
    public Result receive(String svixId, String svixTimestamp, String svixSignature, byte[] body) {
        if (signature == null) {
            return counted(new Result(503, UNKNOWN_TYPE, "disabled",
                    "no webhook secret is configured (clerk.webhook-secret)"));
        }
        try {
            signature.verify(svixId, svixTimestamp, svixSignature, body);
        } catch (InvalidSignatureException e) {
            return counted(new Result(401, UNKNOWN_TYPE, "rejected", e.getMessage()));
        }
        Event event;
        try {
            event = Event.parse(body);
        } catch (IllegalArgumentException e) {
            return counted(new Result(400, UNKNOWN_TYPE, "rejected", e.getMessage()));
        }
        if (event.kind == Kind.OTHER) {
            return counted(new Result(200, event.type, "ignored", "not a user event"));
        }
        DeliveryLog.Claim claim;
        try {
            claim = deliveries.claim(svixId);
        } catch (RuntimeException e) {
            return unavailable(event, e);
        }
        if (claim == DeliveryLog.Claim.DONE) {
            return counted(new Result(200, event.type, "duplicate", "applied before"));
        }
        if (claim == DeliveryLog.Claim.IN_PROGRESS) {
            return counted(new Result(409, event.type, "in-progress", "another delivery of this event is being"
                    + " applied; deliver again later"));
        }
        String outcome;
        try {
            outcome = apply(event);
        } catch (RuntimeException e) {
            deliveries.release(svixId);
            return unavailable(event, e);
        }
        try {
            deliveries.done(svixId);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "delivery " + svixId + " applied but not recorded; a redelivery is applied again", e);
        }
        return counted(new Result(200, event.type, outcome, null));
    }

    private String apply(Event event) {
        if (event.kind == Kind.DELETED) {
            changes.deleted(event.userId);
            return "deleted";
        }
        return switch (changes.changed(event.user)) {
            case APPLIED -> "applied";
            case STALE -> "stale";
            case INVALIDATED -> "invalidated";
            case DELETED -> "ignored-deleted";
        };
    }

    private Result unavailable(Event event, RuntimeException e) {
        if (!(e instanceof CacheException)) {
            LOG.log(Level.WARNING, "A webhook could not be applied", e);
        }
        return counted(new Result(503, event.type, "failed", "the change could not be applied now (the cache is"
                + " unavailable); Svix delivers it again later"));
    }

    private Result counted(Result result) {
        stats.webhook(result.type(), result.outcome());
        if (result.status() != 200) {
            logRefusal(result);
        }
        return result;
    }

    /** How often a refusal of one status is logged at WARNING; the others in between are counted, and FINE. */
    private static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;
    private final java.util.Map<Integer, java.util.concurrent.atomic.AtomicLong> lastLogged =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One line per refused delivery, with the reason (never the body, which carries personal data): WARNING at most
     * once per status every 10 s, so that a flood of forged deliveries cannot flood the log.
     */
    private void logRefusal(Result result) {
        long now = System.currentTimeMillis();
        java.util.concurrent.atomic.AtomicLong last = lastLogged.computeIfAbsent(result.status(),
                s -> new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE / 2));
        long previous = last.get();
        Level level = now - previous >= REFUSAL_LOG_INTERVAL_MILLIS && last.compareAndSet(previous, now)
                ? Level.WARNING : Level.FINE;
        LOG.log(level, () -> "Webhook delivery refused (" + result.status() + ", " + result.outcome() + ", event "
                + result.type() + "): " + result.detail() + (level == Level.WARNING
                ? " [further refusals with this status within 10 s are logged at FINE; all are counted in"
                + " clerkcache.webhooks]" : ""));
    }

    private enum Kind { UPSERT, DELETED, OTHER }

    /** A parsed event: a user change, or another type. */
    private static final class Event {
        final String type;
        final Kind kind;
        final ClerkUser user;
        final String userId;

        private Event(String type, Kind kind, ClerkUser user, String userId) {
            this.type = type;
            this.kind = kind;
            this.user = user;
            this.userId = userId;
        }

        /** @throws IllegalArgumentException saying what is wrong with the body */
        static Event parse(byte[] body) {
            JsonObject envelope;
            try (var reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
                JsonValue value = reader.readValue();
                if (!(value instanceof JsonObject o)) {
                    throw new IllegalArgumentException("the body is not a JSON object");
                }
                envelope = o;
            } catch (JsonParsingException e) {
                throw new IllegalArgumentException("the body is not valid JSON");
            } catch (JsonException e) {
                throw new IllegalArgumentException("the body is not valid JSON");
            }
            if (!(envelope.get("type") instanceof JsonString typeValue) || typeValue.getString().isBlank()
                    || typeValue.getString().length() > 100) {
                throw new IllegalArgumentException("the event has no type");
            }
            String type = typeValue.getString();
            if (!(envelope.get("data") instanceof JsonObject data)) {
                throw new IllegalArgumentException("the event has no data object");
            }
            switch (type) {
                case "user.created", "user.updated" -> {
                    requireUserId(data);
                    if (!"user".equals(data.getString("object", null))
                            || !(data.get("updated_at") instanceof JsonNumber)) {
                        throw new IllegalArgumentException(type + " data is not a Clerk user (object \"user\" with"
                                + " updated_at)");
                    }
                    ClerkUser user;
                    try {
                        user = ClerkUser.of(data);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(type + " data is not a Clerk user: " + e.getMessage());
                    }
                    return new Event(type, Kind.UPSERT, user, user.id());
                }
                case "user.deleted" -> {
                    return new Event(type, Kind.DELETED, null, requireUserId(data));
                }
                default -> {
                    return new Event(type, Kind.OTHER, null, null);
                }
            }
        }

        private static String requireUserId(JsonObject data) {
            if (!(data.get("id") instanceof JsonString id) || !ClerkIds.isValidUserId(id.getString())) {
                throw new IllegalArgumentException("the event's data has no valid user id");
            }
            return id.getString();
        }
    }
}
