package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caching behaviour of the HTTP API, run against a deployment whose cache works (Redis, or in-memory). Each test
 * starts from empty caches and zeroed simulator statistics, and counts the calls Clerk (the simulator) received.
 */
abstract class CachingContract extends DeploymentClient {

    private static final int ROUNDS = 10;
    private static final int CONCURRENT = 50;

    @BeforeEach
    void emptyCaches() {
        HttpResponse<String> cleared = http.delete("api/cache/users");
        assertEquals(204, cleared.statusCode(), cleared::body);
        clerk.resetStats();
    }

    @AfterEach
    void leaveNothingInRedis() {
        http.delete("api/cache/users");
    }

    /** The backend this contract's deployment caches in: {@code redis} or {@code in-memory}. */
    abstract String cacheType();

    @Test
    void stats_afterKnownLookups_countsAndRatiosMoveAsExpected() {
        JsonObject before = Http.object(http.get("api/cache/stats"));
        java.util.List<String> ids = clerk.userIds(0, 2);
        for (int i = 0; i < 3; i++) {
            for (String id : ids) {
                assertEquals(200, http.get("api/users/" + id).statusCode());
            }
        }

        JsonObject after = Http.object(http.get("api/cache/stats"));

        assertEquals(cacheType(), after.getString("cacheType"));
        assertEquals(cacheType().equals("redis"), after.getBoolean("redisAvailable"));
        JsonObject lookupsBefore = before.getJsonObject("lookups");
        JsonObject lookups = after.getJsonObject("lookups");
        assertEquals(6, lookups.getJsonNumber("requested").longValue()
                - lookupsBefore.getJsonNumber("requested").longValue());
        assertEquals(2, lookups.getJsonNumber("upstreamLookups").longValue()
                - lookupsBefore.getJsonNumber("upstreamLookups").longValue(), "one Clerk call per user");
        assertEquals(2, after.getJsonObject("upstream").getJsonNumber("callsSinceStart").longValue()
                - before.getJsonObject("upstream").getJsonNumber("callsSinceStart").longValue());
        assertTrue(after.getJsonObject("upstream").getJsonNumber("callsLastMinute").longValue() >= 2);
        double cacheRatio = after.getJsonObject("hitRatios").getJsonNumber("cache").doubleValue();
        assertTrue(cacheRatio > 0 && cacheRatio <= 1, after.toString());
        assertEquals(0, after.getJsonObject("rateBudget").getJsonNumber("blockedForMillis").longValue());
    }

    @Test
    void getById_coldThenLaterRequest_oneUpstreamCallThenNone() {
        String id = clerk.userIds(0, 1).get(0);
        clerk.resetStats();

        HttpResponse<String> first = http.get("api/users/" + id);
        HttpResponse<String> second = http.get("api/users/" + id);

        assertEquals(200, first.statusCode(), first::body);
        assertEquals(id, Http.object(first).getString("id"));
        assertEquals(first.body(), second.body());
        assertEquals(1, clerk.calls(), "the later request must be served from the cache");
        assertEquals("1", first.headers().firstValue("Clerk-Cache-Upstream-Lookups").orElseThrow());
        assertEquals("0", second.headers().firstValue("Clerk-Cache-Upstream-Lookups").orElseThrow());
    }

    @Test
    void batch_250Ids240Cached_oneUpstreamCallCarryingTheTenMissingIds() {
        List<String> ids = clerk.userIds(0, 250);
        List<String> warm = ids.subList(0, 240);
        assertEquals(200, http.post("api/users/batch", idsBody(warm)).statusCode());
        clerk.resetStats();

        HttpResponse<String> r = http.post("api/users/batch", idsBody(ids));

        assertEquals(200, r.statusCode(), r::body);
        assertEquals(ids, idsOf(Http.object(r).getJsonArray("users")), "users in request order");
        assertTrue(Http.object(r).getJsonArray("missing").isEmpty());
        List<Simulator.Call> calls = clerk.recentCalls();
        assertEquals(1, calls.size(), calls::toString);
        assertEquals(ids.subList(240, 250), calls.get(0).userIds());
    }

    @Test
    void batch_250ColdIds_threeUpstreamCallsOf100_100_50() {
        List<String> ids = clerk.userIds(0, 250);
        clerk.resetStats();

        HttpResponse<String> r = http.post("api/users/batch", idsBody(ids));

        assertEquals(200, r.statusCode(), r::body);
        assertEquals(250, Http.object(r).getJsonArray("users").size());
        List<Simulator.Call> calls = clerk.recentCalls();
        assertEquals(List.of(100, 100, 50), calls.stream().map(c -> c.userIds().size()).toList(), calls::toString);
        List<String> carried = new ArrayList<>();
        calls.forEach(c -> carried.addAll(c.userIds()));
        assertEquals(ids, carried);
    }

    @Test
    void batch_sharesEntriesWithSingleLookups() {
        List<String> ids = clerk.userIds(0, 5);
        clerk.resetStats();

        http.post("api/users/batch", idsBody(ids));
        for (String id : ids) {
            assertEquals(200, http.get("api/users/" + id).statusCode());
        }

        assertEquals(1, clerk.calls());
    }

    @Test
    void batch_unknownAndDuplicateIds_reportedMissingOnceEach() {
        String known = clerk.userIds(0, 1).get(0);
        String unknown = "user_0000000000000000000000000a";

        HttpResponse<String> r = http.post("api/users/batch", idsBody(List.of(unknown, known, unknown, known)));

        assertEquals(200, r.statusCode(), r::body);
        assertEquals(List.of(known), idsOf(Http.object(r).getJsonArray("users")));
        assertEquals(List.of(unknown), Http.object(r).getJsonArray("missing").getValuesAs(
                jakarta.json.JsonString::getString));
    }

    @Test
    void getById_unknownId_404ThenNoUpstreamCallWithinNegativeTtl() {
        String unknown = "user_0000000000000000000000000b";

        HttpResponse<String> first = http.get("api/users/" + unknown);
        long afterFirst = clerk.calls();
        HttpResponse<String> second = http.get("api/users/" + unknown);
        HttpResponse<String> inBatch = http.post("api/users/batch", idsBody(List.of(unknown)));

        assertEquals(404, first.statusCode());
        assertEquals("application/problem+json", first.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("urn:clerk-cache:problem:user-not-found", Http.object(first).getString("type"));
        assertEquals(404, second.statusCode());
        assertEquals(1, afterFirst);
        assertEquals(List.of(unknown), Http.object(inBatch).getJsonArray("missing")
                .getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(1, clerk.calls(), "the negative entry answers the repeat and the batch");
    }

    @Test
    void getByUsername_found_thenSameUserByIdFromCache() {
        JsonObject user = userWithUsername();
        String username = user.getString("username");
        clerk.resetStats();

        HttpResponse<String> byName = http.get("api/users/by-username/" + username);
        HttpResponse<String> byNameUpper = http.get("api/users/by-username/" + username.toUpperCase());
        HttpResponse<String> byId = http.get("api/users/" + user.getString("id"));

        assertEquals(200, byName.statusCode(), byName::body);
        assertEquals(user.getString("id"), Http.object(byName).getString("id"));
        assertEquals(200, byNameUpper.statusCode());
        assertEquals(200, byId.statusCode());
        assertEquals(1, clerk.calls(), "Clerk's answer by username fills the user entry too");
    }

    @Test
    void getByUsername_afterRenameAndInvalidation_oldName404NewNameFound() {
        JsonObject user = userWithUsername();
        String id = user.getString("id");
        String oldName = user.getString("username");
        String newName = "renamed_" + Long.toHexString(System.nanoTime());
        try {
            assertEquals(200, http.get("api/users/by-username/" + oldName).statusCode());
            clerk.rename(id, newName);
            assertEquals(204, http.delete("api/cache/users/" + id).statusCode());

            HttpResponse<String> old = http.get("api/users/by-username/" + oldName);
            HttpResponse<String> renamed = http.get("api/users/by-username/" + newName);
            HttpResponse<String> oldAgain = http.get("api/users/by-username/" + oldName);

            assertEquals(404, old.statusCode(), old::body);
            assertEquals(200, renamed.statusCode(), renamed::body);
            assertEquals(id, Http.object(renamed).getString("id"));
            assertEquals(newName, Http.object(renamed).getString("username"));
            assertEquals(404, oldAgain.statusCode());
        } finally {
            clerk.reseed();
        }
    }

    @Test
    void getByUsername_unknown_404ThenNoUpstreamCall() {
        HttpResponse<String> first = http.get("api/users/by-username/nobody_by_this_name");
        HttpResponse<String> second = http.get("api/users/by-username/nobody_by_this_name");

        assertEquals(404, first.statusCode());
        assertEquals(404, second.statusCode());
        assertEquals(1, clerk.calls());
    }

    @Test
    void getById_50ConcurrentColdRequestsNoLatency_oneUpstreamCallInEveryRound() throws Exception {
        assertOneUpstreamCallPerRound(0);
    }

    @Test
    void getById_50ConcurrentColdRequests20msLatency_oneUpstreamCallInEveryRound() throws Exception {
        assertOneUpstreamCallPerRound(20);
    }

    /**
     * {@value #ROUNDS} rounds, each of {@value #CONCURRENT} requests for a user no one has looked up yet, released
     * together: Clerk must be asked once per round, whatever its latency (at 0 ms a late request used to miss just
     * before the first one's write and load again).
     */
    private void assertOneUpstreamCallPerRound(int latencyMillis) throws Exception {
        List<String> ids = clerk.userIds(0, ROUNDS);
        clerk.latency(latencyMillis);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        List<Long> callsPerRound = new ArrayList<>();
        try {
            for (String id : ids) {
                long before = clerk.calls();
                CyclicBarrier together = new CyclicBarrier(CONCURRENT);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    Callable<HttpResponse<String>> call = () -> {
                        together.await();
                        return http.get("api/users/" + id);
                    };
                    answers.add(pool.submit(call));
                }
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode(), r::body);
                    assertEquals(id, Http.object(r).getString("id"));
                }
                callsPerRound.add(clerk.calls() - before);
            }
        } finally {
            pool.shutdownNow();
            clerk.latency(0);
        }
        assertEquals(Collections.nCopies(ROUNDS, 1L), callsPerRound,
                "Clerk calls per round of " + CONCURRENT + " cold requests at " + latencyMillis + " ms latency");
    }

    @Test
    void getByUsername_unusedNameTakenThenUserInvalidated_foundRightAway() {
        JsonObject user = userWithUsername();
        String id = user.getString("id");
        String name = "taken_" + Long.toHexString(System.nanoTime());
        clerk.resetStats();
        try {
            assertEquals(404, http.get("api/users/by-username/" + name).statusCode());
            assertEquals(404, http.get("api/users/by-username/" + name).statusCode());
            assertEquals(1, clerk.calls(), "the unused name is remembered");
            clerk.rename(id, name);
            assertEquals(204, http.delete("api/cache/users/" + id).statusCode());
            long beforeLookup = clerk.calls();

            HttpResponse<String> r = http.get("api/users/by-username/" + name);

            assertEquals(200, r.statusCode(), r::body);
            assertEquals(id, Http.object(r).getString("id"));
            assertEquals(beforeLookup + 1, clerk.calls(), "one Clerk call instead of 'not found' for the negative TTL");
        } finally {
            clerk.reseed();
        }
    }

    @Test
    void invalidate_thenLookup_asksClerkAgain() {
        String id = clerk.userIds(0, 1).get(0);
        http.get("api/users/" + id);
        clerk.resetStats();

        assertEquals(204, http.delete("api/cache/users/" + id).statusCode());
        assertEquals(200, http.get("api/users/" + id).statusCode());

        assertEquals(1, clerk.calls());
    }

    @Test
    void getById_malformedId_400ProblemAndNoUpstreamCall() {
        for (String bad : List.of("nope", "user_", "user_abc", "user_" + "x".repeat(60), "user_abc%20def",
                "org_2zK8mQp4TnV7xWbR1cYdE3fGhJk")) {
            HttpResponse<String> r = http.get("api/users/" + bad);

            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
            JsonObject problem = Http.object(r);
            assertEquals("urn:clerk-cache:problem:invalid-lookup", problem.getString("type"));
            assertEquals(400, problem.getInt("status"));
        }
        assertEquals(0, clerk.calls());
    }

    @Test
    void getByUsername_malformed_400AndNoUpstreamCall() {
        HttpResponse<String> r = http.get("api/users/by-username/" + "a".repeat(65));

        assertEquals(400, r.statusCode(), r::body);
        assertEquals(0, clerk.calls());
    }

    @Test
    void batch_badBodies_400ProblemAndNoUpstreamCall() {
        String valid = clerk.userIds(0, 1).get(0);
        clerk.resetStats();
        List<String> bodies = List.of("", "not json", "[]", "{}", "{\"ids\":\"" + valid + "\"}",
                "{\"ids\":[1,2]}", "{\"ids\":[\"" + valid + "\",\"bad\"]}");
        for (String body : bodies) {
            HttpResponse<String> r = http.post("api/users/batch", body);

            assertEquals(400, r.statusCode(), body + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        }
        assertEquals(0, clerk.calls());
    }

    @Test
    void batch_moreThan1000Ids_400AndNoUpstreamCall() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(String.format("user_%027d", i));
        }

        HttpResponse<String> r = http.post("api/users/batch", idsBody(ids));

        assertEquals(400, r.statusCode(), r::body);
        assertTrue(Http.object(r).getString("detail").contains("1000"), r::body);
        assertEquals(0, clerk.calls());
    }

    @Test
    void batch_oversizedBody_413Problem() {
        HttpResponse<String> r = http.post("api/users/batch", "{\"ids\":[\"" + "x".repeat(300_000) + "\"]}");

        assertEquals(413, r.statusCode(), r::body);
        assertEquals(0, clerk.calls());
    }

    @Test
    void unknownPath_404Problem() {
        HttpResponse<String> r = http.get("api/nothing-here");

        assertEquals(404, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
    }

    static String idsBody(List<String> ids) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        ids.forEach(a::add);
        return Json.createObjectBuilder().add("ids", a).build().toString();
    }

    static List<String> idsOf(JsonArray users) {
        return users.stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    JsonObject userWithUsername() {
        return clerk.firstUserWithUsername();
    }
}
