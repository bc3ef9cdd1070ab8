package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import io.clerkcache.clerk.ClerkUser;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Clerk Backend API stand-in, in plain Java: the user endpoints and the JWKS ({@link SimulatedSessionTokens}, which
 * also mints session tokens) with Clerk's rules (100 values per list filter,
 * default {@code limit} 10, bare arrays, Clerk's error bodies, bearer check, a rate limit per 10 s window answered
 * with 429 and {@code Retry-After}, optional latency), seeded deterministically, with call statistics for tests and
 * the benchmark. HTTP adapters (the JAX-RS resources, a test server) hand it {@link SimulatorRequest}s.
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

    /** The operations under Clerk's per-user write limit. */
    private static final Set<String> WRITES = Set.of("PATCH /users/{id}", "PATCH /users/{id}/metadata",
            "DELETE /users/{id}");

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
    private final RateLimits limits;

    private volatile long latencyMillis;

    private final LongAdder totalCalls = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder userWriteLimited = new LongAdder();
    private final Map<String, LongAdder> callsByOperation = new ConcurrentHashMap<>();
    private final Deque<JsonObject> recentCalls = new ArrayDeque<>();

    /**
     * Creates a simulator seeded with {@code settings.users()} users.
     *
     * @param clock time for {@code updated_at} and the rate window
     * @param sleeper how latency is waited for
     */
    public ClerkSimulator(SimulatorSettings settings, Clock clock, Sleeper sleeper) {
        this.seed = settings.seed();
        this.clock = clock;
        this.sleeper = sleeper;
        this.sessionTokens = new SimulatedSessionTokens(clock);
        this.users = new SimulatedUsers(seed, settings.users());
        this.queries = new UserQueries(users, responses);
        this.writes = new UserWrites(users, responses, clock);
        this.limits = new RateLimits(clock, settings.rateLimit(), settings.userWriteLimit());
        this.latencyMillis = settings.latency().toMillis();
    }

    /** A simulator with the system clock and real latency sleeps. */
    public ClerkSimulator(SimulatorSettings settings) {
        this(settings, Clock.systemUTC(), Thread::sleep);
    }

    // ---------------------------------------------------------------------------------------------- Backend API

    /** Answers one Backend API request, as Clerk would. */
    public SimulatorResponse handle(SimulatorRequest request) {
        String operation = operation(request.method(), request.path());
        totalCalls.increment();
        callsByOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        SimulatorResponse response = answer(request, operation);
        record(request, response.status());
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
            rateLimited.increment();
            return responses.tooManyRequests(retryAfterSeconds);
        }
        String[] segments = request.path().replaceAll("^/+|/+$", "").split("/");
        if (WRITES.contains(operation)) {
            long userRetryAfter = limits.admitUserWrite(segments[1]);
            if (userRetryAfter > 0) {
                rateLimited.increment();
                userWriteLimited.increment();
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

    /** The operation name used in statistics, e.g. {@code GET /users/{id}}; {@code other} for unknown routes. */
    static String operation(String method, String path) {
        String[] s = path.replaceAll("^/+|/+$", "").split("/");
        String m = method.toUpperCase(Locale.ROOT);
        if (s.length == 1 && s[0].equals("users") && m.equals("GET")) {
            return "GET /users";
        }
        if (s.length == 1 && s[0].equals("jwks") && m.equals("GET")) {
            return "GET /jwks";
        }
        if (s.length == 2 && s[0].equals("users")) {
            if (s[1].equals("count") && m.equals("GET")) {
                return "GET /users/count";
            }
            if (m.equals("GET") || m.equals("PATCH") || m.equals("DELETE")) {
                return m + " /users/{id}";
            }
        }
        if (s.length == 3 && s[0].equals("users") && s[2].equals("metadata") && m.equals("PATCH")) {
            return "PATCH /users/{id}/metadata";
        }
        return "other";
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

    /** Clears statistics and the rate window; with {@code reseed}, also restores the seeded users. */
    public void reset(boolean reseed) {
        totalCalls.reset();
        rateLimited.reset();
        userWriteLimited.reset();
        callsByOperation.clear();
        synchronized (recentCalls) {
            recentCalls.clear();
        }
        limits.reset();
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
        return totalCalls.sum();
    }

    /** Calls received for one operation, e.g. {@code "GET /users"}. */
    public long calls(String operation) {
        LongAdder count = callsByOperation.get(operation);
        return count == null ? 0 : count.sum();
    }

    /**
     * Statistics as JSON: {@code total_calls}, {@code rate_limited} (every 429), {@code user_write_limited} (the 429s
     * of the per-user write limit), {@code by_operation}, {@code users},
     * {@code settings} and {@code recent_calls} (newest last; method, path, status, and the {@code user_id},
     * {@code username} and {@code limit} values requested).
     */
    public JsonObject stats() {
        JsonObjectBuilder byOperation = JSON.createObjectBuilder();
        new TreeMap<>(callsByOperation).forEach((op, count) -> byOperation.add(op, count.sum()));
        JsonArrayBuilder recent = JSON.createArrayBuilder();
        synchronized (recentCalls) {
            recentCalls.forEach(recent::add);
        }
        return JSON.createObjectBuilder()
                .add("total_calls", totalCalls.sum())
                .add("rate_limited", rateLimited.sum())
                .add("user_write_limited", userWriteLimited.sum())
                .add("by_operation", byOperation)
                .add("users", users.count())
                .add("settings", settings())
                .add("recent_calls", recent)
                .build();
    }

    /**
     * Current settings as JSON: {@code latencyMs}, {@code rateLimit}, {@code userWriteLimit},
     * {@code rateWindowSeconds}, {@code seed}.
     */
    public JsonObject settings() {
        return JSON.createObjectBuilder()
                .add("latencyMs", latencyMillis)
                .add("rateLimit", limits.instanceLimit())
                .add("userWriteLimit", limits.userWriteLimit())
                .add("rateWindowSeconds", RATE_WINDOW.toSeconds())
                .add("seed", seed)
                .build();
    }

    private void record(SimulatorRequest request, int status) {
        JsonObjectBuilder call = JSON.createObjectBuilder()
                .add("at", clock.millis())
                .add("method", request.method())
                .add("path", request.path())
                .add("status", status);
        for (String param : List.of("user_id", "username", "limit")) {
            List<String> values = request.query().get(param);
            if (values != null) {
                call.add(param, JSON.createArrayBuilder(values));
            }
        }
        if (request.apiVersion() != null) {
            call.add("clerk_api_version", request.apiVersion());
        }
        JsonObject entry = call.build();
        synchronized (recentCalls) {
            recentCalls.addLast(entry);
            while (recentCalls.size() > RECENT_CALLS_KEPT) {
                recentCalls.removeFirst();
            }
        }
    }
}
