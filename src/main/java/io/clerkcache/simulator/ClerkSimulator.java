package io.clerkcache.simulator;

import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkUser;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A Clerk Backend API stand-in, in plain Java: the user endpoints and the JWKS ({@link SimulatedSessionTokens}, which
 * also mints session tokens) with Clerk's rules (100 values per list filter,
 * default {@code limit} 10, bare arrays, Clerk's error bodies, bearer check, a rate limit per 10 s window answered
 * with 429 and {@code Retry-After}, optional latency), seeded deterministically, with call statistics for tests and
 * the benchmark. HTTP adapters (the JAX-RS resources, a test server) hand it {@link SimulatorRequest}s.
 *
 * <p>Thread-safe.
 */
public final class ClerkSimulator {

    /** Looked up once: {@code Json.createXxx} repeats the provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Clerk's rate window. */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    /** Clerk's cap on the values of one list filter. */
    public static final int MAX_FILTER_VALUES = 100;
    /** Recent calls kept for {@link #stats()}. */
    public static final int RECENT_CALLS_KEPT = 500;
    /** Most users one {@link #addUsers(int)} call may create. */
    public static final int MAX_USERS_PER_ADD = 100_000;

    private static final Set<String> PROFILE_FIELDS = Set.of("first_name", "last_name", "username", "external_id",
            "locale");
    private static final Set<String> METADATA_FIELDS = Set.of("public_metadata", "private_metadata",
            "unsafe_metadata");
    private static final Set<String> ORDER_FIELDS = Set.of("created_at", "updated_at", "username", "first_name",
            "last_name", "last_sign_in_at", "last_active_at", "email_address");

    /** Waits for the configured latency; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code millis} milliseconds. */
        void sleep(long millis) throws InterruptedException;
    }

    private final long seed;
    private final int seedUsers;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SimulatedUserFactory factory;
    private final SimulatedSessionTokens sessionTokens;

    private final Map<String, JsonObject> users = new ConcurrentHashMap<>();
    private final Map<String, String> idsByUsername = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private int generated;

    private volatile long latencyMillis;
    private volatile int rateLimit;
    private final Object rateLock = new Object();
    private long windowStart = Long.MIN_VALUE;
    private int callsInWindow;

    private final LongAdder totalCalls = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final Map<String, LongAdder> callsByOperation = new ConcurrentHashMap<>();
    private final Deque<JsonObject> recentCalls = new ArrayDeque<>();
    private final AtomicLong traceIds = new AtomicLong();

    /**
     * Creates a simulator seeded with {@code settings.users()} users.
     *
     * @param clock time for {@code updated_at} and the rate window
     * @param sleeper how latency is waited for
     */
    public ClerkSimulator(SimulatorSettings settings, Clock clock, Sleeper sleeper) {
        this.seed = settings.seed();
        this.seedUsers = settings.users();
        this.clock = clock;
        this.sleeper = sleeper;
        this.factory = new SimulatedUserFactory(seed);
        this.sessionTokens = new SimulatedSessionTokens(clock);
        this.latencyMillis = settings.latency().toMillis();
        this.rateLimit = settings.rateLimit();
        addUsers(seedUsers);
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
                return error(503, "service_unavailable", "Interrupted", "The simulator was interrupted.");
            }
        }
        String auth = request.authorization();
        if (auth == null || !auth.startsWith("Bearer sk_") || auth.length() <= "Bearer sk_".length()) {
            return error(401, "authentication_invalid", "Unauthorized request",
                    "You are not authorized to perform this request");
        }
        // Clerk does not rate-limit its JWKS.
        long retryAfterSeconds = operation.equals("GET /jwks") ? 0 : admit();
        if (retryAfterSeconds > 0) {
            rateLimited.increment();
            SimulatorResponse tooMany = error(429, "too_many_requests", "Too many requests",
                    "Too many requests, please try again later.");
            return new SimulatorResponse(429, tooMany.body(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
        }
        String[] segments = request.path().replaceAll("^/+|/+$", "").split("/");
        return switch (operation) {
            case "GET /users" -> listUsers(request.query());
            case "GET /users/count" -> countUsers(request.query());
            case "GET /users/{id}" -> getUser(segments[1]);
            case "PATCH /users/{id}" -> patchUser(segments[1], request.body());
            case "PATCH /users/{id}/metadata" -> patchMetadata(segments[1], request.body());
            case "DELETE /users/{id}" -> deleteUser(segments[1]);
            case "GET /jwks" -> SimulatorResponse.json(200, sessionTokens.jwks());
            default -> notFound();
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
        return user == null ? notFound() : SimulatorResponse.json(200, user);
    }

    private SimulatorResponse listUsers(Map<String, List<String>> query) {
        Object filtered = filter(query);
        if (filtered instanceof SimulatorResponse invalid) {
            return invalid;
        }
        @SuppressWarnings("unchecked")
        List<JsonObject> matches = (List<JsonObject>) filtered;
        Integer limit = intParam(query, "limit", 10);
        Integer offset = intParam(query, "offset", 0);
        if (limit == null || limit < 1 || limit > 500) {
            return invalidParam("limit", "limit must be between 1 and 500");
        }
        if (offset == null || offset < 0) {
            return invalidParam("offset", "offset must be 0 or more");
        }
        String orderBy = first(query, "order_by", "-created_at");
        boolean descending = orderBy.startsWith("-");
        String field = orderBy.replaceFirst("^[+-]", "");
        if (!ORDER_FIELDS.contains(field)) {
            return invalidParam("order_by", "order_by must be one of " + ORDER_FIELDS + ", optionally prefixed with +"
                    + " or -");
        }
        Comparator<JsonObject> order = (a, b) -> compareValues(sortValue(a, field), sortValue(b, field));
        if (descending) {
            order = order.reversed();
        }
        order = order.thenComparing(u -> u.getString("id"));
        JsonArrayBuilder page = JSON.createArrayBuilder();
        matches.stream().sorted(order).skip(offset).limit(limit).forEach(page::add);
        return SimulatorResponse.json(200, page.build());
    }

    private SimulatorResponse countUsers(Map<String, List<String>> query) {
        Object filtered = filter(query);
        if (filtered instanceof SimulatorResponse invalid) {
            return invalid;
        }
        return SimulatorResponse.json(200, JSON.createObjectBuilder()
                .add("object", "total_count").add("total_count", ((List<?>) filtered).size()).build());
    }

    /** The users matching the {@code user_id}, {@code username} and {@code email_address} filters, or a 422. */
    private Object filter(Map<String, List<String>> query) {
        for (String param : List.of("user_id", "username", "email_address")) {
            if (query.getOrDefault(param, List.of()).size() > MAX_FILTER_VALUES) {
                return invalidParam(param, param + " accepts at most " + MAX_FILTER_VALUES + " values");
            }
        }
        List<JsonObject> candidates;
        List<String> ids = query.get("user_id");
        if (ids != null) {
            candidates = new ArrayList<>();
            ids.stream().distinct().map(users::get).filter(u -> u != null).forEach(candidates::add);
        } else {
            candidates = new ArrayList<>(users.values());
        }
        Predicate<JsonObject> match = u -> true;
        List<String> usernames = query.get("username");
        if (usernames != null) {
            Set<String> wanted = lowerCase(usernames);
            match = match.and(u -> u.get("username") instanceof JsonString s
                    && wanted.contains(s.getString().toLowerCase(Locale.ROOT)));
        }
        List<String> emails = query.get("email_address");
        if (emails != null) {
            Set<String> wanted = lowerCase(emails);
            match = match.and(u -> u.getJsonArray("email_addresses").stream()
                    .map(e -> e.asJsonObject().getString("email_address").toLowerCase(Locale.ROOT))
                    .anyMatch(wanted::contains));
        }
        return candidates.stream().filter(match).toList();
    }

    private SimulatorResponse patchUser(String id, String body) {
        Object parsed = parseObject(body);
        if (parsed instanceof SimulatorResponse invalid) {
            return invalid;
        }
        JsonObject patch = (JsonObject) parsed;
        for (String field : patch.keySet()) {
            if (!PROFILE_FIELDS.contains(field)) {
                // From API version 2026-05-12 metadata goes through /metadata only.
                return error(422, "form_param_unknown", field + " is not a valid parameter for this request.",
                        field + " is not a valid parameter for this request.", Map.of("param_name", field));
            }
            JsonValue value = patch.get(field);
            if (value.getValueType() != JsonValue.ValueType.STRING && value != JsonValue.NULL) {
                return invalidParam(field, field + " must be a string or null");
            }
        }
        synchronized (writeLock) {
            JsonObject user = users.get(id);
            if (user == null) {
                return notFound();
            }
            JsonObjectBuilder updated = JSON.createObjectBuilder(user);
            String oldUsername = user.get("username") instanceof JsonString s ? s.getString() : null;
            String newUsername = oldUsername;
            for (Map.Entry<String, JsonValue> change : patch.entrySet()) {
                JsonValue value = change.getValue();
                if (change.getKey().equals("username")) {
                    newUsername = value instanceof JsonString s && !s.getString().isEmpty() ? s.getString() : null;
                    if (newUsername != null && !ClerkIds.isValidUsername(newUsername)) {
                        return error(422, "form_username_invalid_character", "Username is invalid",
                                "Username can only contain letters, numbers, '_', '-' and '.'.",
                                Map.of("param_name", "username"));
                    }
                    String holder = newUsername == null ? null : idsByUsername.get(newUsername.toLowerCase(Locale.ROOT));
                    if (holder != null && !holder.equals(id)) {
                        return error(422, "form_identifier_exists", "That username is taken. Please try another.",
                                "That username is taken. Please try another.", Map.of("param_name", "username"));
                    }
                    updated.add("username", newUsername == null ? JsonValue.NULL : JSON.createValue(newUsername));
                } else {
                    updated.add(change.getKey(), value);
                }
            }
            JsonObject saved = save(updated, user);
            if (oldUsername != null) {
                idsByUsername.remove(oldUsername.toLowerCase(Locale.ROOT));
            }
            if (newUsername != null) {
                idsByUsername.put(newUsername.toLowerCase(Locale.ROOT), id);
            }
            return SimulatorResponse.json(200, saved);
        }
    }

    private SimulatorResponse patchMetadata(String id, String body) {
        Object parsed = parseObject(body);
        if (parsed instanceof SimulatorResponse invalid) {
            return invalid;
        }
        JsonObject patch = (JsonObject) parsed;
        for (String field : patch.keySet()) {
            if (!METADATA_FIELDS.contains(field)) {
                return error(422, "form_param_unknown", field + " is not a valid parameter for this request.",
                        field + " is not a valid parameter for this request.", Map.of("param_name", field));
            }
            if (patch.get(field).getValueType() != JsonValue.ValueType.OBJECT) {
                return invalidParam(field, field + " must be an object");
            }
        }
        synchronized (writeLock) {
            JsonObject user = users.get(id);
            if (user == null) {
                return notFound();
            }
            JsonObjectBuilder updated = JSON.createObjectBuilder(user);
            for (String field : patch.keySet()) {
                JsonObject current = user.get(field) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                updated.add(field, deepMerge(current, patch.getJsonObject(field)));
            }
            return SimulatorResponse.json(200, save(updated, user));
        }
    }

    private SimulatorResponse deleteUser(String id) {
        synchronized (writeLock) {
            JsonObject user = users.remove(id);
            if (user == null) {
                return notFound();
            }
            if (user.get("username") instanceof JsonString s) {
                idsByUsername.remove(s.getString().toLowerCase(Locale.ROOT));
            }
        }
        return SimulatorResponse.json(200, JSON.createObjectBuilder()
                .add("object", "user").add("id", id).add("deleted", true).build());
    }

    /** Clerk's merge: objects merge recursively, {@code null} removes the key, anything else replaces. */
    static JsonObject deepMerge(JsonObject target, JsonObject patch) {
        JsonObjectBuilder merged = JSON.createObjectBuilder(target);
        for (Map.Entry<String, JsonValue> entry : patch.entrySet()) {
            JsonValue value = entry.getValue();
            if (value == JsonValue.NULL || value.getValueType() == JsonValue.ValueType.NULL) {
                merged.remove(entry.getKey());
            } else if (value instanceof JsonObject object && target.get(entry.getKey()) instanceof JsonObject current) {
                merged.add(entry.getKey(), deepMerge(current, object));
            } else {
                merged.add(entry.getKey(), value);
            }
        }
        return merged.build();
    }

    /** Stores a changed user with {@code updated_at} bumped: strictly later than before, even within one ms. */
    private JsonObject save(JsonObjectBuilder updated, JsonObject previous) {
        long updatedAt = Math.max(clock.millis(), previous.getJsonNumber("updated_at").longValue() + 1);
        JsonObject saved = updated.add("updated_at", updatedAt).build();
        users.put(saved.getString("id"), saved);
        return saved;
    }

    /** 0 if the call fits this window's budget, otherwise the seconds until the window ends (at least 1). */
    private long admit() {
        int limit = rateLimit;
        if (limit <= 0) {
            return 0;
        }
        long now = clock.millis();
        synchronized (rateLock) {
            if (windowStart == Long.MIN_VALUE || now >= windowStart + RATE_WINDOW.toMillis()) {
                windowStart = now;
                callsInWindow = 0;
            }
            if (callsInWindow < limit) {
                callsInWindow++;
                return 0;
            }
            long remaining = windowStart + RATE_WINDOW.toMillis() - now;
            return Math.max(1, (remaining + 999) / 1000);
        }
    }

    // ------------------------------------------------------------------------------------------- control

    /** The number of users currently held. */
    public int userCount() {
        return users.size();
    }

    /** The ids of the users currently held, oldest first. */
    public List<String> userIds() {
        return users.values().stream()
                .sorted(Comparator.comparingLong((JsonObject u) -> u.getJsonNumber("created_at").longValue()))
                .map(u -> u.getString("id"))
                .toList();
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
        return users.values().stream()
                .filter(u -> role == null || ClerkUser.of(u).hasRole(role))
                .sorted(Comparator.comparingLong((JsonObject u) -> u.getJsonNumber("created_at").longValue())
                        .thenComparing(u -> u.getString("id")))
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
        synchronized (writeLock) {
            for (int i = 0; i < count; i++) {
                JsonObject user = factory.create(generated++, idsByUsername::containsKey);
                users.put(user.getString("id"), user);
                idsByUsername.put(user.getString("username").toLowerCase(Locale.ROOT), user.getString("id"));
            }
            return users.size();
        }
    }

    /** Clears statistics and the rate window; with {@code reseed}, also restores the seeded users. */
    public void reset(boolean reseed) {
        synchronized (writeLock) {
            totalCalls.reset();
            rateLimited.reset();
            callsByOperation.clear();
            synchronized (recentCalls) {
                recentCalls.clear();
            }
            synchronized (rateLock) {
                windowStart = Long.MIN_VALUE;
                callsInWindow = 0;
            }
            if (reseed) {
                users.clear();
                idsByUsername.clear();
                generated = 0;
                addUsers(seedUsers);
            }
        }
    }

    /** Current latency per API call. */
    public Duration latency() {
        return Duration.ofMillis(latencyMillis);
    }

    /** Current rate limit: calls per {@link #RATE_WINDOW}; 0 or less means unlimited. */
    public int rateLimit() {
        return rateLimit;
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
        synchronized (rateLock) {
            this.rateLimit = callsPerWindow;
            windowStart = Long.MIN_VALUE;
            callsInWindow = 0;
        }
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
     * Statistics as JSON: {@code total_calls}, {@code rate_limited}, {@code by_operation}, {@code users},
     * {@code settings} and {@code recent_calls} (newest last; method, path, status, and the {@code user_id},
     * {@code username} and {@code limit} values requested).
     */
    public JsonObject stats() {
        JsonObjectBuilder byOperation = JSON.createObjectBuilder();
        new java.util.TreeMap<>(callsByOperation).forEach((op, count) -> byOperation.add(op, count.sum()));
        JsonArrayBuilder recent = JSON.createArrayBuilder();
        synchronized (recentCalls) {
            recentCalls.forEach(recent::add);
        }
        return JSON.createObjectBuilder()
                .add("total_calls", totalCalls.sum())
                .add("rate_limited", rateLimited.sum())
                .add("by_operation", byOperation)
                .add("users", users.size())
                .add("settings", settings())
                .add("recent_calls", recent)
                .build();
    }

    /** Current settings as JSON: {@code latencyMs}, {@code rateLimit}, {@code rateWindowSeconds}, {@code seed}. */
    public JsonObject settings() {
        return JSON.createObjectBuilder()
                .add("latencyMs", latencyMillis)
                .add("rateLimit", rateLimit)
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

    // ------------------------------------------------------------------------------------------- helpers

    /** A 404 with Clerk's {@code resource_not_found} body. */
    SimulatorResponse notFound() {
        return error(404, "resource_not_found", "not found", "Resource not found");
    }

    private SimulatorResponse invalidParam(String param, String longMessage) {
        return error(422, "form_param_value_invalid", "is invalid", longMessage, Map.of("param_name", param));
    }

    SimulatorResponse error(int status, String code, String message, String longMessage) {
        return error(status, code, message, longMessage, Map.of());
    }

    /** A response in Clerk's error shape. */
    private SimulatorResponse error(int status, String code, String message, String longMessage,
            Map<String, String> meta) {
        JsonObjectBuilder metaJson = JSON.createObjectBuilder();
        meta.forEach(metaJson::add);
        JsonObject body = JSON.createObjectBuilder()
                .add("errors", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                        .add("code", code)
                        .add("message", message)
                        .add("long_message", longMessage)
                        .add("meta", metaJson)))
                .add("clerk_trace_id", String.format(Locale.ROOT, "sim%029x", traceIds.incrementAndGet()))
                .build();
        return SimulatorResponse.json(status, body);
    }

    private Object parseObject(String body) {
        if (body == null || body.isBlank()) {
            return error(400, "malformed_request", "Malformed request", "The request body is missing.");
        }
        try (var reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (RuntimeException e) {
            // not JSON, or nested past the parser's depth limit (Parsson throws a plain RuntimeException): a 400
        }
        return error(400, "malformed_request", "Malformed request", "The request body is not a JSON object.");
    }

    private static JsonValue sortValue(JsonObject user, String field) {
        if (field.equals("email_address")) {
            return user.getJsonArray("email_addresses").isEmpty() ? JsonValue.NULL
                    : user.getJsonArray("email_addresses").get(0).asJsonObject().get("email_address");
        }
        return user.getOrDefault(field, JsonValue.NULL);
    }

    /** Numbers by value, strings without regard to case, nulls last. */
    private static int compareValues(JsonValue a, JsonValue b) {
        boolean aNull = !(a instanceof JsonString || a instanceof JsonNumber);
        boolean bNull = !(b instanceof JsonString || b instanceof JsonNumber);
        if (aNull || bNull) {
            return Boolean.compare(aNull, bNull);
        }
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            return Long.compare(x.longValue(), y.longValue());
        }
        return a.toString().toLowerCase(Locale.ROOT).compareTo(b.toString().toLowerCase(Locale.ROOT));
    }

    private static Integer intParam(Map<String, List<String>> query, String name, int defaultValue) {
        String value = first(query, name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String first(Map<String, List<String>> query, String name, String defaultValue) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? defaultValue : values.get(0);
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> lower = new java.util.HashSet<>();
        values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
