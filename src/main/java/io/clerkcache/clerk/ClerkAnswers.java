package io.clerkcache.clerk;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.clerkcache.metrics.Recorder;

/**
 * How the {@link ClerkClient} reads Clerk's answers: the outcome each request is counted under, which statuses are
 * retried and which throw (a 429 also blocks the {@link ClerkRateBudget} for its {@code Retry-After}; a 401/403 is
 * logged loudly once a minute), and the user bodies parsed into {@link ClerkUser}s, a malformed one being
 * {@link ClerkUnavailableException}. Logs under the client's logger.
 */
final class ClerkAnswers {

    /** Wait assumed after a 429 without a usable {@code Retry-After}: Clerk's rate window. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    /** Longest {@code Retry-After} honoured, against a broken header locking the service out for days. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** After a 401/403 has been logged at SEVERE, further ones within this window are logged at FINE. */
    static final Duration AUTH_FAILURE_LOG_QUIET = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(ClerkClient.class.getName());

    private final ClerkConfig config;
    private final Recorder stats;
    private final ClerkRateBudget budget;
    private final Clock clock;
    /** One provider lookup, not one per parsed response. */
    private final JsonReaderFactory json = JsonProvider.provider().createReaderFactory(Map.of());
    private final AtomicLong lastAuthFailureLogged = new AtomicLong(Long.MIN_VALUE);

    ClerkAnswers(ClerkConfig config, Recorder stats, ClerkRateBudget budget, Clock clock) {
        this.config = config;
        this.stats = stats;
        this.budget = budget;
        this.clock = clock;
    }

    /** The outcome of one request, as counted: the metrics' {@code outcome} tag. */
    static String outcomeOf(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return "success";
        }
        return switch (status) {
            case 404 -> ClerkErrorBody.parse(response.body()) != null ? "not-found" : "unavailable";
            case 429 -> "rate-limited";
            case 401, 403 -> "credentials-refused";
            default -> status >= 400 && status < 500 ? "rejected" : "unavailable";
        };
    }

    /** Null for a usable response; an unavailable-failure to retry; throws for answers that must not be retried. */
    ClerkUnavailableException check(ClerkOperation operation, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return null;
        }
        ClerkErrorBody error = ClerkErrorBody.parse(response.body());
        if (status == 404) {
            if (error != null) {
                return null;
            }
            // Clerk's 404 always has its error body; a bare one means clerk.api-url points at the wrong place.
            throw unavailable(operation, status, "404 without a Clerk error body: is " + urlKey() + " right?");
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(response);
            if (operation.idempotentRead()) {
                // A write's 429 is usually Clerk's per-user write limit (10 per user per 10 s): it must not stop
                // every read. If it was the instance's limit, the next read's own 429 blocks the budget.
                budget.blockFor(retryAfter);
            }
            stats.clerkRateLimited(retryAfter);
            stats.clerkFailure("rate limited (429)");
            LOG.warning(() -> "Clerk rate limit reached (" + operation.label() + "): no calls for "
                    + retryAfter.toMillis() + " ms");
            throw new ClerkRateLimitedException(operation, error, retryAfter);
        }
        if (status == 401 || status == 403) {
            stats.clerkFailure("credentials refused (" + status + ")");
            logAuthFailure(operation, status, error);
            throw new ClerkConfigurationException(operation, status, error);
        }
        if (status >= 400 && status < 500) {
            ClerkRequestRejectedException rejected = new ClerkRequestRejectedException(operation, status, error);
            LOG.log(Level.WARNING, rejected.getMessage());
            throw rejected;
        }
        return new ClerkUnavailableException(operation, status, error, status >= 500 ? "server error"
                : "unexpected status", null);
    }

    ClerkUnavailableException unavailable(ClerkOperation operation, int status, String message) {
        stats.clerkFailure(message);
        return new ClerkUnavailableException(operation, status, null, message, null);
    }

    private Duration retryAfter(HttpResponse<String> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return DEFAULT_RETRY_AFTER;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.get()));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notDate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private void logAuthFailure(ClerkOperation operation, int status, ClerkErrorBody error) {
        long now = clock.millis();
        long last = lastAuthFailureLogged.get();
        // Long.MIN_VALUE means "never logged"; subtracting it would overflow.
        boolean due = last == Long.MIN_VALUE || now - last >= AUTH_FAILURE_LOG_QUIET.toMillis();
        boolean loud = due && lastAuthFailureLogged.compareAndSet(last, now);
        String code = error == null || error.code() == null ? "" : ", code " + error.code();
        LOG.log(loud ? Level.SEVERE : Level.FINE, () -> "Clerk refused the secret key (HTTP " + status + code + ", "
                + operation.label() + "): every call will fail until " + urlKey() + " and clerk.secret-key"
                + " (CLERK_SECRET_KEY) are fixed. Further refusals in the next "
                + AUTH_FAILURE_LOG_QUIET.toSeconds() + " s are logged at FINE.");
    }

    String urlKey() {
        return config.demoMode() ? "clerk.simulator.url" : "clerk.api-url";
    }

    ClerkUser parseUser(ClerkOperation operation, HttpResponse<String> response) {
        JsonValue value = parse(operation, response);
        if (!(value instanceof JsonObject object)) {
            throw unavailable(operation, response.statusCode(), "expected a user object");
        }
        return toUser(operation, response, object);
    }

    List<ClerkUser> parseUserList(ClerkOperation operation, HttpResponse<String> response) {
        JsonValue value = parse(operation, response);
        if (!(value instanceof JsonArray array)) {
            throw unavailable(operation, response.statusCode(), "expected a JSON array of users");
        }
        List<ClerkUser> users = new ArrayList<>(array.size());
        for (JsonValue element : array) {
            if (!(element instanceof JsonObject object)) {
                throw unavailable(operation, response.statusCode(), "expected a JSON array of user objects");
            }
            users.add(toUser(operation, response, object));
        }
        return users;
    }

    private ClerkUser toUser(ClerkOperation operation, HttpResponse<String> response, JsonObject object) {
        try {
            return ClerkUser.of(object);
        } catch (IllegalArgumentException e) {
            throw unavailable(operation, response.statusCode(), "malformed user: " + e.getMessage());
        }
    }

    JsonValue parse(ClerkOperation operation, HttpResponse<String> response) {
        try (var reader = json.createReader(new StringReader(response.body()))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw unavailable(operation, response.statusCode(), "malformed JSON body");
        }
    }
}
