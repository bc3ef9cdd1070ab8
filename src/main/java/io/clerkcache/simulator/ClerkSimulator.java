package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import io.clerkcache.clerk.ClerkUser;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A Clerk Backend API stand-in, in plain Java: the user endpoints and the JWKS ({@link SimulatedSessionTokens}, which
 * also mints session tokens) with Clerk's rules (100 values per list filter,
 * default {@code limit} 10, bare arrays, Clerk's error bodies, bearer check, a rate limit per 10 s window answered
 * with 429 and {@code Retry-After}, optional latency), seeded deterministically, with call statistics for tests and
 * the benchmark. HTTP adapters (the JAX-RS resources, a test server) hand it {@link SimulatorRequest}s.
 *
 * <p>Every change to a user, through the API or the control methods, becomes a Clerk event that
 * {@link SimulatorWebhooks} records and, given a {@link WebhookTarget}, sends signed as Svix would. Clerk's per-user
 * write limit (10 writes to one user per 10 s) applies to the API's writes.
 *
 * <p>Reads are answered by {@link UserQueries}, changes made by {@link UserWrites}; this class routes, authenticates,
 * rate-limits and counts. Thread-safe.
 */
public final class ClerkSimulator {

    /** Clerk's rate window. */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    /** Clerk's cap on the values of one list filter. */
    public static final int MAX_FILTER_VALUES = 100;
    /** Recent calls kept for {@link #stats()}. */
    public static final int RECENT_CALLS_KEPT = 500;
    /** Most users one {@link #addUsers(int)} call may create. */
    public static final int MAX_USERS_PER_ADD = 100_000;

    /** Mixed into the seed for the instance id, so that it is not the first user's id. */
    private static final long INSTANCE_SALT = 0x1d5_c1e7_2026L;

    /** Waits for the configured latency; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code millis} milliseconds. */
        void sleep(long millis) throws InterruptedException;
    }

    private final long seed;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SimulatedSessionTokens sessionTokens;
    private final ClerkResponses responses = new ClerkResponses();
    private final SimulatedUsers users;
    private final UserQueries queries;
    private final UserWrites writes;
    private final SimulatorWebhooks webhooks;
    private final RateLimits limits;

    private volatile long latencyMillis;

    private final SimulatorCallStats stats;

    /**
     * Creates a simulator seeded with {@code settings.users()} users that sends no webhooks (it records them as held).
     *
     * @param clock time for {@code updated_at} and the rate window
     * @param sleeper how latency is waited for
     */
    public ClerkSimulator(SimulatorSettings settings, Clock clock, Sleeper sleeper) {
        this(settings, clock, sleeper, null);
    }

    /**
     * Creates a simulator seeded with {@code settings.users()} users that sends the Clerk events of its users' changes
     * to {@code webhookTarget}, signed with its secret, as {@code settings.webhookDelivery()} says.
     *
     * @param clock time for {@code updated_at}, the rate windows and the events' timestamps
     * @param sleeper how latency is waited for
     * @param webhookTarget where events go, or {@code null} to send none
     * @throws IllegalArgumentException if the target's secret is not {@code whsec_} followed by base64
     */
    public ClerkSimulator(SimulatorSettings settings, Clock clock, Sleeper sleeper, WebhookTarget webhookTarget) {
        this.seed = settings.seed();
        this.clock = clock;
        this.sleeper = sleeper;
        this.sessionTokens = new SimulatedSessionTokens(clock);
        this.users = new SimulatedUsers(seed, settings.users());
        this.queries = new UserQueries(users, responses);
        this.webhooks = new SimulatorWebhooks("ins_" + SimulatedUserFactory.base62(new Random(seed ^ INSTANCE_SALT),
                27), clock, settings.webhookDelivery(), webhookTarget);
        this.writes = new UserWrites(users, responses, clock, webhooks);
        this.limits = new RateLimits(clock, settings.rateLimit(), settings.userWriteLimit());
        this.stats = new SimulatorCallStats(clock);
        this.latencyMillis = settings.latency().toMillis();
    }

    /** A simulator with the system clock and real latency sleeps. */
    public ClerkSimulator(SimulatorSettings settings) {
        this(settings, Clock.systemUTC(), Thread::sleep);
    }

    // ---------------------------------------------------------------------------------------------- Backend API

    /** Answers one Backend API request, as Clerk would. */
    public SimulatorResponse handle(SimulatorRequest request) {
        String operation = ApiOperations.of(request.method(), request.path());
        stats.called(operation);
        SimulatorResponse response = answer(request, operation);
        stats.answered(request, response.status());
        return response;
    }

    private SimulatorResponse answer(SimulatorRequest request, String operation) {
        long latency = latencyMillis;
        if (latency > 0) {
            try {
                sleeper.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return responses.error(503, "service_unavailable", "Interrupted", "The simulator was interrupted.");
            }
        }
        String auth = request.authorization();
        if (auth == null || !auth.startsWith("Bearer sk_") || auth.length() <= "Bearer sk_".length()) {
            return responses.error(401, "authentication_invalid", "Unauthorized request",
                    "You are not authorized to perform this request");
        }
        // Clerk does not rate-limit its JWKS.
        long retryAfterSeconds = operation.equals("GET /jwks") ? 0 : limits.admit();
        if (retryAfterSeconds > 0) {
            stats.rateLimited(false);
            return responses.tooManyRequests(retryAfterSeconds);
        }
        String[] segments = request.path().replaceAll("^/+|/+$", "").split("/");
        if (ApiOperations.isUserWrite(operation)) {
            long userRetryAfter = limits.admitUserWrite(segments[1]);
            if (userRetryAfter > 0) {
                stats.rateLimited(true);
                return responses.tooManyRequests(userRetryAfter);
            }
        }
        return switch (operation) {
            case "GET /users" -> queries.list(request.query());
            case "GET /users/count" -> queries.count(request.query());
            case "GET /users/{id}" -> getUser(segments[1]);
            case "PATCH /users/{id}" -> writes.patchProfile(segments[1], request.body());
            case "PATCH /users/{id}/metadata" -> writes.patchMetadata(segments[1], request.body());
            case "DELETE /users/{id}" -> writes.delete(segments[1]);
            case "GET /jwks" -> SimulatorResponse.json(200, sessionTokens.jwks());
            default -> responses.notFound();
        };
    }

    private SimulatorResponse getUser(String id) {
        JsonObject user = users.get(id);
        return user == null ? responses.notFound() : SimulatorResponse.json(200, user);
    }

    // ------------------------------------------------------------------------------------------- control

    /** The number of users currently held. */
    public int userCount() {
        return users.count();
    }

    /** The ids of the users currently held, oldest first. */
    public List<String> userIds() {
        return users.oldestFirst().stream().map(u -> u.getString("id")).toList();
    }

    /** The user with {@code id}, or {@code null}. */
    public JsonObject user(String id) {
        return users.get(id);
    }

    /**
     * The users whose {@code public_metadata.role} is or contains {@code role} (all users for {@code null}), oldest
     * first, at most {@code limit}.
     */
    public List<JsonObject> usersWithRole(String role, int limit) {
        return users.oldestFirst().stream()
                .filter(u -> role == null || ClerkUser.of(u).hasRole(role))
                .limit(limit)
                .toList();
    }

    /** The instance's signing keys and session tokens (what Clerk's Frontend API issues). */
    public SimulatedSessionTokens sessionTokens() {
        return sessionTokens;
    }

    /** Adds {@code count} generated users (the next ones of the seed sequence) and returns how many users exist. */
    public int addUsers(int count) {
        if (count < 0 || count > MAX_USERS_PER_ADD) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_USERS_PER_ADD);
        }
        return writes.add(count);
    }

    /**
     * Changes a user as an edit in Clerk's dashboard would: any of the profile fields {@code PATCH /users/{id}}
     * takes and the metadata objects {@code PATCH /users/{id}/metadata} deep-merges, in one change (one
     * {@code updated_at}, one {@code user.updated} event). Not an API call: neither counted nor rate-limited.
     *
     * @return the new user (200), or Clerk's error: 404 for an unknown id, 422 for a field or value it refuses
     */
    public SimulatorResponse editUser(String id, JsonObject change) {
        return writes.edit(id, change);
    }

    /**
     * Deletes a user as Clerk's dashboard would (a {@code user.deleted} event). Not an API call: neither counted nor
     * rate-limited.
     *
     * @return Clerk's deleted object (200), or its 404
     */
    public SimulatorResponse removeUser(String id) {
        return writes.delete(id);
    }

    /** The Clerk events of the users' changes, and their delivery. */
    public SimulatorWebhooks webhooks() {
        return webhooks;
    }

    /**
     * Clears statistics, the rate windows and the recent webhook events; with {@code reseed}, also restores the seeded
     * users (without events: they are not changes Clerk would report).
     */
    public void reset(boolean reseed) {
        stats.reset();
        limits.reset();
        webhooks.clear();
        if (reseed) {
            users.reseed();
        }
    }

    /** Current latency per API call. */
    public Duration latency() {
        return Duration.ofMillis(latencyMillis);
    }

    /** Current rate limit: calls per {@link #RATE_WINDOW}; 0 or less means unlimited. */
    public int rateLimit() {
        return limits.instanceLimit();
    }

    /** Changes the latency per API call (0 for none). */
    public void setLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = latency.toMillis();
    }

    /** Changes the rate limit (calls per 10 s; 0 or less disables it) and starts a new window. */
    public void setRateLimit(int callsPerWindow) {
        limits.setInstanceLimit(callsPerWindow);
    }

    /** Current per-user write limit: writes to one user per {@link #RATE_WINDOW}; 0 or less means unlimited. */
    public int userWriteLimit() {
        return limits.userWriteLimit();
    }

    /**
     * Changes the per-user write limit ({@code PATCH /users/{id}}, {@code PATCH /users/{id}/metadata} and
     * {@code DELETE /users/{id}} per user id and 10 s; 0 or less disables it) and starts new windows.
     */
    public void setUserWriteLimit(int writesPerWindow) {
        limits.setUserWriteLimit(writesPerWindow);
    }

    /** Total Backend API calls received (every status). */
    public long totalCalls() {
        return stats.totalCalls();
    }

    /** Calls received for one operation, e.g. {@code "GET /users"}. */
    public long calls(String operation) {
        return stats.calls(operation);
    }

    /**
     * Statistics as JSON: {@code total_calls}, {@code rate_limited} (every 429), {@code user_write_limited} (the 429s
     * of the per-user write limit), {@code by_operation}, {@code users},
     * {@code settings} and {@code recent_calls} (newest last; method, path, status, and the {@code user_id},
     * {@code username} and {@code limit} values requested).
     */
    public JsonObject stats() {
        return stats.toJson()
                .add("users", users.count())
                .add("settings", settings())
                .add("recent_calls", stats.recentCallsJson())
                .build();
    }

    /**
     * Current settings as JSON: {@code latencyMs}, {@code rateLimit}, {@code userWriteLimit},
     * {@code webhookDelivery}, {@code rateWindowSeconds}, {@code seed}.
     */
    public JsonObject settings() {
        return JSON.createObjectBuilder()
                .add("latencyMs", latencyMillis)
                .add("rateLimit", limits.instanceLimit())
                .add("userWriteLimit", limits.userWriteLimit())
                .add("webhookDelivery", webhooks.delivery().configValue())
                .add("rateWindowSeconds", RATE_WINDOW.toSeconds())
                .add("seed", seed)
                .build();
    }
}
