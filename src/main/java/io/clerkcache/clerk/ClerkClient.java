package io.clerkcache.clerk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

import io.clerkcache.metrics.Recorder;

/**
 * Client of Clerk's Backend API for the user calls this service needs, and the instance's JWKS for verifying session
 * tokens, on {@code java.net.http} and JSON-P.
 *
 * <ul>
 * <li>Every request carries {@code Authorization: Bearer <secret key>}, {@code Clerk-API-Version} and a
 * {@code User-Agent}; it has a connect timeout and a per-request response timeout ({@link ClerkConfig}).</li>
 * <li>Reads ({@code GET}) are retried after a 5xx, a timeout or a connection error, at most
 * {@code clerk.read-retries} times with a short jittered exponential backoff. Writes, 4xx and 429 are never
 * retried.</li>
 * <li>Every request, reads and writes alike (not {@code GET /jwks}, which Clerk does not limit), first takes a
 * request from the {@link ClerkRateBudget} ({@code clerk.rate-limit.requests} per {@code clerk.rate-limit.window},
 * shared by all instances when the caches live in Redis), waiting for one at most {@code clerk.rate-limit.max-wait};
 * when none comes in time the call fails with {@link ClerkRateLimitedException} without reaching Clerk.</li>
 * <li>A 429 to a read blocks the budget until its {@code Retry-After} has passed and lowers its rate for a while,
 * on every instance sharing it. A 429 to a write (mostly Clerk's per-user write limit) fails that write only.</li>
 * <li>At most {@code clerk.max-concurrent-calls} requests are in flight at once (a bulkhead); a call waits
 * {@code clerk.bulkhead-wait} for a slot, then fails with {@link ClerkUnavailableException} ("bulkhead full").</li>
 * <li>The thread's {@link CallDeadline}, when a lookup started one, bounds everything: the waits for the budget and
 * the bulkhead, each request's timeout ({@code clerk.read-timeout} or the time left), and the retries (none that
 * the time left cannot hold). A call whose deadline has passed fails without a request. Without a deadline the
 * configured timeouts apply alone.</li>
 * <li>{@link #getUserCoalescing} joins single-user loads that would wait for the budget into one
 * {@code GET /users?user_id=...} call.</li>
 * <li>Failures are {@link ClerkException} subclasses: {@link ClerkNotFoundException} (404 on a write),
 * {@link ClerkConfigurationException} (401/403), {@link ClerkRequestRejectedException} (400/422),
 * {@link ClerkRateLimitedException} (429) and {@link ClerkUnavailableException} (5xx, timeouts, connection errors,
 * malformed bodies). Malformed arguments are {@link IllegalArgumentException}s, thrown before any call.</li>
 * <li>Every HTTP request sent is counted in the {@link Recorder}, by operation and outcome.</li>
 * </ul>
 *
 * <p>The budget and bulkhead steps are {@link ClerkAdmission}'s, the reading of answers {@link ClerkAnswers}'s. In
 * demo mode ({@link ClerkConfig#demoMode()}) the same client calls the built-in simulator.
 */
@ApplicationScoped
public class ClerkClient {

    /** Clerk's cap on the values of one list filter such as {@code user_id}. */
    public static final int MAX_IDS_PER_REQUEST = 100;
    /** Clerk's largest {@code limit} of one list page. */
    public static final int MAX_PAGE_SIZE = 500;
    static final String USER_AGENT = "clerk-cache/0.1 (java.net.http)";
    /** The least time left worth a retry after its backoff: less, and the attempt could only time out. */
    static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

    private static final Logger LOG = Logger.getLogger(ClerkClient.class.getName());
    private static final Set<String> METADATA_FIELDS = Set.of("public_metadata", "private_metadata", "unsafe_metadata");
    /** The profile fields of {@code PATCH /users/{id}} this client sends; metadata has its own call since 2026-05-12. */
    private static final Set<String> PROFILE_FIELDS = Set.of("first_name", "last_name", "username", "external_id",
            "locale");

    /** Waits between retries; tests replace it to record the waits instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private ClerkConfig config;
    private Recorder stats;
    private Sleeper sleeper;
    private HttpClient http;
    private String baseUrl;
    private ClerkAdmission admission;
    private ClerkAnswers answers;
    private CoalescedUserLoads coalesced;

    /** For the CDI proxy only. */
    protected ClerkClient() {
    }

    /** Creates a client with the system clock and real sleeps between retries. */
    @Inject
    public ClerkClient(ClerkConfig config, Recorder stats, ClerkRateBudget budget) {
        this(config, stats, budget, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    ClerkClient(ClerkConfig config, Recorder stats, ClerkRateBudget budget, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.stats = stats;
        this.sleeper = sleeper;
        this.baseUrl = config.baseUrl().toString();
        this.admission = new ClerkAdmission(config, stats, budget);
        this.answers = new ClerkAnswers(config, stats, budget, clock);
        this.coalesced = new CoalescedUserLoads(this, budget, config, stats);
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // Plain http is only the simulator or a test server: no h2c upgrade dance there.
                .version("https".equals(config.baseUrl().getScheme())
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Creates the client at application start, so that a malformed setting fails the deployment, and says where calls go. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> "Clerk client ready: " + config);
    }

    /**
     * {@code GET /users/{id}}.
     *
     * @return the user, or empty if Clerk does not know the id
     * @throws IllegalArgumentException if {@code id} is not a user id (no call is made)
     * @throws ClerkException if the call fails
     */
    public Optional<ClerkUser> getUser(String id) {
        return getUser(id, false);
    }

    /**
     * {@code GET /users/{id}} for a single-user load that may wait for the rate budget: sent at once when the budget
     * has a request free now; otherwise the id joins the next {@code GET /users?user_id=...} call of up to
     * {@value #MAX_IDS_PER_REQUEST} waiting ids, made as soon as the budget frees one request. Waits at most
     * {@code clerk.rate-limit.max-wait} and the thread's {@link CallDeadline}.
     *
     * @return the user, or empty if Clerk does not know the id
     * @throws IllegalArgumentException if {@code id} is not a user id (no call is made)
     * @throws ClerkException if the call fails (a failed joint call fails every id in it)
     */
    public Optional<ClerkUser> getUserCoalescing(String id) {
        return coalesced.getUser(id);
    }

    /** {@code GET /users/{id}}; {@code prepaid}: the caller already took the request's permit from the budget. */
    Optional<ClerkUser> getUser(String id, boolean prepaid) {
        ClerkIds.requireValidUserId(id);
        HttpResponse<String> response = send(ClerkOperation.GET_USER, "GET", "/users/" + id, null, prepaid);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(answers.parseUser(ClerkOperation.GET_USER, response));
    }

    /**
     * {@code GET /users?user_id=...&limit=n}: the users among {@code ids}, one request per chunk of at most
     * {@value #MAX_IDS_PER_REQUEST} distinct ids, with {@code limit} equal to the chunk size (Clerk's default limit
     * is 10). Ids Clerk does not know are simply absent from the result.
     *
     * @return the users found, in the order of their first occurrence in {@code ids}
     * @throws IllegalArgumentException if an id is not a user id (no call is made)
     * @throws ClerkException if a request fails; users of chunks already fetched are then not returned
     */
    public List<ClerkUser> getUsers(Collection<String> ids) {
        return getUsers(ids, false);
    }

    /** As {@link #getUsers(Collection)}; {@code prepaid}: the caller already took the first request's permit. */
    List<ClerkUser> getUsers(Collection<String> ids, boolean prepaid) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            distinct.add(ClerkIds.requireValidUserId(id));
        }
        Map<String, ClerkUser> found = new LinkedHashMap<>();
        List<String> all = List.copyOf(distinct);
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_REQUEST) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_REQUEST));
            StringBuilder query = new StringBuilder("/users?");
            for (String id : chunk) {
                query.append("user_id=").append(id).append('&');
            }
            query.append("limit=").append(chunk.size());
            stats.clerkBatchIds(chunk.size());
            HttpResponse<String> response = send(ClerkOperation.LIST_USERS_BY_ID, "GET", query.toString(), null,
                    prepaid && from == 0);
            for (ClerkUser user : answers.parseUserList(ClerkOperation.LIST_USERS_BY_ID, response)) {
                found.put(user.id(), user);
            }
        }
        List<ClerkUser> ordered = new ArrayList<>(found.size());
        for (String id : all) {
            ClerkUser user = found.get(id);
            if (user != null) {
                ordered.add(user);
            }
        }
        return ordered;
    }

    /**
     * {@code GET /users?order_by=-last_active_at&limit=n&offset=k}: one page of users, the most recently active first
     * (Clerk keeps {@code last_active_at} to the day, so users active on the same day come in Clerk's order).
     * A page shorter than {@code limit} is the last one.
     *
     * @param offset users to skip, 0 or more
     * @param limit  page size, 1 to {@value #MAX_PAGE_SIZE}
     * @return the page's users, in Clerk's order
     * @throws IllegalArgumentException if {@code offset} or {@code limit} is out of range (no call is made)
     * @throws ClerkException if the call fails
     */
    public List<ClerkUser> listUsersByLastActive(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("expected offset >= 0 and limit between 1 and " + MAX_PAGE_SIZE
                    + ", got offset " + offset + ", limit " + limit);
        }
        HttpResponse<String> response = send(ClerkOperation.LIST_USERS_BY_LAST_ACTIVE, "GET",
                "/users?order_by=-last_active_at&limit=" + limit + "&offset=" + offset, null);
        return answers.parseUserList(ClerkOperation.LIST_USERS_BY_LAST_ACTIVE, response);
    }

    /**
     * {@code GET /users?username=...}: the user whose username is {@code username}. Clerk keeps usernames unique
     * without regard to case, so they are compared in their {@link ClerkIds#usernameKey} forms.
     *
     * @return the user, or empty if no user has that username
     * @throws IllegalArgumentException if {@code username} is not syntactically a username (no call is made)
     * @throws ClerkException if the call fails
     */
    public Optional<ClerkUser> getUserByUsername(String username) {
        ClerkIds.requireValidUsername(username);
        HttpResponse<String> response = send(ClerkOperation.LIST_USERS_BY_USERNAME, "GET",
                "/users?username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
        return answers.parseUserList(ClerkOperation.LIST_USERS_BY_USERNAME, response).stream()
                .filter(u -> ClerkIds.sameUsername(username, u.username()))
                .findFirst();
    }

    /**
     * {@code PATCH /users/{id}}: changes profile fields; a field set to JSON {@code null} (or {@code username} to
     * {@code ""}) is cleared. Not retried. After a {@link ClerkUnavailableException} (e.g. a timeout) the write may or
     * may not have been applied: invalidate any cached copy either way.
     *
     * @param profilePatch an object with any of {@code first_name}, {@code last_name}, {@code username},
     *        {@code external_id}, {@code locale} (metadata goes through {@link #updateMetadata})
     * @return the updated user
     * @throws IllegalArgumentException for a malformed id or a patch with other fields (no call is made)
     * @throws ClerkNotFoundException if the user does not exist
     * @throws ClerkRequestRejectedException if Clerk refuses a value (e.g. a username that is taken: 422)
     * @throws ClerkException if the call fails otherwise
     */
    public ClerkUser updateUser(String id, JsonObject profilePatch) {
        ClerkIds.requireValidUserId(id);
        for (String field : profilePatch.keySet()) {
            if (!PROFILE_FIELDS.contains(field)) {
                throw new IllegalArgumentException("Profile patch may only contain " + PROFILE_FIELDS + ", not "
                        + ClerkIds.abbreviate(field));
            }
        }
        HttpResponse<String> response = send(ClerkOperation.UPDATE_USER, "PATCH", "/users/" + id,
                profilePatch.toString());
        if (response.statusCode() == 404) {
            throw new ClerkNotFoundException(ClerkOperation.UPDATE_USER, ClerkErrorBody.parse(response.body()));
        }
        return answers.parseUser(ClerkOperation.UPDATE_USER, response);
    }

    /**
     * {@code PATCH /users/{id}/metadata}: deep-merges {@code patch} into the user's metadata (a key set to JSON
     * {@code null} is removed). Not retried. After a {@link ClerkUnavailableException} (e.g. a timeout) the write may
     * or may not have been applied: invalidate any cached copy either way.
     *
     * @param patch an object with any of {@code public_metadata}, {@code private_metadata}, {@code unsafe_metadata}
     * @return the updated user
     * @throws IllegalArgumentException for a malformed id or a patch with other fields (no call is made)
     * @throws ClerkNotFoundException if the user does not exist
     * @throws ClerkException if the call fails otherwise
     */
    public ClerkUser updateMetadata(String id, JsonObject patch) {
        ClerkIds.requireValidUserId(id);
        for (String field : patch.keySet()) {
            if (!METADATA_FIELDS.contains(field)) {
                throw new IllegalArgumentException("Metadata patch may only contain " + METADATA_FIELDS + ", not "
                        + ClerkIds.abbreviate(field));
            }
        }
        HttpResponse<String> response = send(ClerkOperation.UPDATE_METADATA, "PATCH", "/users/" + id + "/metadata",
                patch.toString());
        if (response.statusCode() == 404) {
            throw new ClerkNotFoundException(ClerkOperation.UPDATE_METADATA, ClerkErrorBody.parse(response.body()));
        }
        return answers.parseUser(ClerkOperation.UPDATE_METADATA, response);
    }

    /**
     * {@code DELETE /users/{id}}. Not retried. After a {@link ClerkUnavailableException} the user may or may not have
     * been deleted: invalidate any cached copy either way.
     *
     * @throws IllegalArgumentException for a malformed id (no call is made)
     * @throws ClerkNotFoundException if the user does not exist
     * @throws ClerkException if the call fails otherwise
     */
    public void deleteUser(String id) {
        ClerkIds.requireValidUserId(id);
        HttpResponse<String> response = send(ClerkOperation.DELETE_USER, "DELETE", "/users/" + id, null);
        if (response.statusCode() == 404) {
            throw new ClerkNotFoundException(ClerkOperation.DELETE_USER, ClerkErrorBody.parse(response.body()));
        }
    }

    /**
     * {@code GET /jwks}: the instance's JSON Web Key Set, the public keys its session tokens are signed with. Clerk
     * does not rate-limit this call; the caller caches the answer and bounds how often it asks again.
     *
     * @return the key set, an object with a {@code keys} array (the keys themselves are not checked here)
     * @throws ClerkException if the call fails or the answer is not a key set
     */
    public JsonObject jwks() {
        HttpResponse<String> response = send(ClerkOperation.GET_JWKS, "GET", "/jwks", null);
        if (response.statusCode() == 404) {
            throw answers.unavailable(ClerkOperation.GET_JWKS, 404, "no JWKS at " + answers.urlKey() + "/jwks");
        }
        JsonValue value = answers.parse(ClerkOperation.GET_JWKS, response);
        if (!(value instanceof JsonObject set) || !(set.get("keys") instanceof JsonArray)) {
            throw answers.unavailable(ClerkOperation.GET_JWKS, response.statusCode(), "expected a JWKS object with \"keys\"");
        }
        return set;
    }

    /**
     * Sends one logical call, retrying reads. Returns a 2xx response or a 404 that carries Clerk's error body; throws
     * for everything else.
     */
    private HttpResponse<String> send(ClerkOperation operation, String method, String pathAndQuery, String body) {
        return send(operation, method, pathAndQuery, body, false);
    }

    /**
     * As {@link #send(ClerkOperation, String, String, String)}; {@code prepaid}: the caller already took the first
     * request's permit from the budget. Each request first takes a permit (except {@code GET /jwks}, which Clerk does
     * not limit) and a bulkhead slot, both waiting at most their configured time and never beyond the thread's
     * {@link CallDeadline}; the request's timeout is the read timeout or the time left, whichever is shorter; a retry
     * is made only when the time left can hold its backoff and an attempt.
     */
    private HttpResponse<String> send(ClerkOperation operation, String method, String pathAndQuery, String body,
            boolean prepaid) {
        int attempts = operation.idempotentRead() ? 1 + config.readRetries() : 1;
        for (int attempt = 1; ; attempt++) {
            if (CallDeadline.expired()) {
                throw ClerkAdmission.deadlinePassed(operation);
            }
            if (operation != ClerkOperation.GET_JWKS && !(prepaid && attempt == 1)) {
                admission.takePermit(operation);
            }
            admission.enterBulkhead(operation);
            ClerkUnavailableException failure;
            long start = System.nanoTime();
            try {
                Duration timeout = CallDeadline.bound(config.readTimeout());
                if (timeout.isZero()) {
                    throw ClerkAdmission.deadlinePassed(operation);
                }
                HttpResponse<String> response = http.send(request(method, pathAndQuery, body, timeout),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                stats.clerkCall(operation.tag(), ClerkAnswers.outcomeOf(response), System.nanoTime() - start);
                failure = answers.check(operation, response);
                if (failure == null) {
                    return response;
                }
                stats.clerkFailure("HTTP " + response.statusCode());
            } catch (HttpTimeoutException e) {
                failure = new ClerkUnavailableException(operation, 0, null, "no answer in time (" + e.getMessage()
                        + ")", e);
                stats.clerkCall(operation.tag(), "unavailable", System.nanoTime() - start);
                stats.clerkFailure("no answer in time");
            } catch (IOException e) {
                failure = new ClerkUnavailableException(operation, 0, null, "connection failed ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
                stats.clerkCall(operation.tag(), "unavailable", System.nanoTime() - start);
                stats.clerkFailure("connection failed (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClerkUnavailableException(operation, 0, null, "interrupted", e);
            } finally {
                admission.leaveBulkhead();
            }
            if (attempt >= attempts) {
                throw failure;
            }
            Duration backoff = backoff(attempt);
            if (CallDeadline.remaining().compareTo(backoff.plus(MIN_ATTEMPT)) < 0) {
                // The lookup's deadline would pass during the backoff or the next attempt: give up now.
                throw failure;
            }
            stats.clerkRetry();
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private HttpRequest request(String method, String pathAndQuery, String body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + config.bearerToken())
                .header("Clerk-API-Version", config.apiVersion())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private Duration backoff(int attempt) {
        long base = config.retryBackoff().toMillis() << Math.min(attempt - 1, 10);
        // "Equal jitter": between half and all of the exponential delay, so that callers failing together spread out.
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(jittered);
    }
}
