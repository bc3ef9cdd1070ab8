package io.clerkcache.clerk;

import static io.clerkcache.clerk.ScriptedClerkServer.answer;
import static io.clerkcache.clerk.ScriptedClerkServer.clerkError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.TestClock;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against scripted failures of a real HTTP server. */
class ClerkClientFailureTest {

    private static final String ID = "user_2zK8mQp4TnV7xWbR1cYdE3fGhJk";
    private static final String USER = readExample();

    private final TestClock clock = new TestClock();
    private final Recorder stats = Recorder.inMemory();
    private final List<Duration> backoffs = new ArrayList<>();
    private ScriptedClerkServer server;

    private ClerkClient client(int retries, ScriptedClerkServer.Step... steps) {
        server = new ScriptedClerkServer(steps);
        return new ClerkClient(TestConfigs.live(server.baseUrl(), retries), stats, new LocalClerkRateBudget(clock),
                clock, backoffs::add);
    }

    private ClerkClient clientWithReadTimeout(String readTimeout, int retries, ScriptedClerkServer.Step... steps) {
        server = new ScriptedClerkServer(steps);
        return new ClerkClient(TestConfigs.live(server.baseUrl(), retries, readTimeout), stats,
                new LocalClerkRateBudget(clock), clock, backoffs::add);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void jwks_notAKeySet_unavailableAfterRetries() {
        ClerkClient client = client(1, answer(200, "{\"keys\":{}}"), answer(200, "[]"));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, client::jwks);

        assertEquals(ClerkOperation.GET_JWKS, e.operation());
        assertEquals(1, server.requests().size(), "a well-formed but wrong answer is not retried");
    }

    @Test
    void jwks_bare404_unavailableNamingTheUrlKey() {
        ClerkClient client = client(0, answer(404, "not here"));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, client::jwks);

        assertTrue(e.getMessage().contains("clerk.api-url"), e.getMessage());
    }

    @Test
    void getUser_500Then200_retriedOnceAndReturnsUser() {
        ClerkClient client = client(2, answer(500, clerkError("internal", "t1")), answer(200, USER));

        assertEquals(ID, client.getUser(ID).orElseThrow().id());
        assertEquals(2, server.requests().size());
        assertEquals(2, stats.clerkCallsOf(ClerkOperation.GET_USER.tag()));
        assertEquals(1, stats.clerkRetries());
        assertEquals(1, backoffs.size());
        // Equal jitter on a 100 ms base: between 50 and 100 ms.
        assertTrue(backoffs.get(0).toMillis() >= 50 && backoffs.get(0).toMillis() <= 100, backoffs.toString());
    }

    @Test
    void getUser_503Always_unavailableAfterOnePlusRetriesCalls() {
        ClerkClient client = client(2, answer(503, "{}"), answer(502, "{}"), answer(500, clerkError("x", "t3")));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));

        assertEquals(500, e.status());
        assertEquals("t3", e.traceId());
        assertEquals(3, server.requests().size());
        assertEquals(3, stats.clerkCalls("unavailable"), "each request is counted with its outcome");
        assertEquals(2, stats.clerkRetries());
        // The base doubles: the second wait is between 100 and 200 ms.
        assertTrue(backoffs.get(1).toMillis() >= 100 && backoffs.get(1).toMillis() <= 200, backoffs.toString());
    }

    @Test
    void getUser_errorBodyWithHostileTraceIdAndCode_bothDroppedNotEchoed() {
        ClerkClient client = client(0, answer(503, clerkError("x\\r\\nInjected: 1", "t1\\r\\nSet-Cookie: a=b")),
                answer(503, clerkError("internal", "t".repeat(65))));

        ClerkUnavailableException crlf = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));
        ClerkUnavailableException tooLong = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));

        assertNull(crlf.traceId());
        assertNull(crlf.code());
        assertFalse(crlf.getMessage().contains("Set-Cookie") || crlf.getMessage().contains("Injected"),
                crlf.getMessage());
        assertNull(tooLong.traceId());
        assertEquals("internal", tooLong.code());
    }

    @Test
    void getUser_errorBodyWithClerkShapedTraceId_kept() {
        ClerkClient client = client(0, answer(503, clerkError("internal", "0c9f3e1b7a2d4c6e8f0a1b2c3d4e5f6a")));

        assertEquals("0c9f3e1b7a2d4c6e8f0a1b2c3d4e5f6a",
                assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID)).traceId());
    }

    @Test
    void getUserByUsername_clerkAnswersANameThatOnlyEqualsIgnoringCase_notTakenForIt() {
        // "admın" (dotless ı) equalsIgnoreCase "admin", but their Locale.ROOT lower-case forms differ: not the same name.
        String dotless = Json.createArrayBuilder().add(Json.createObjectBuilder(Json.createReader(
                new java.io.StringReader(USER)).readObject()).add("username", "adm\u0131n")).build().toString();
        String exact = Json.createArrayBuilder().add(Json.createObjectBuilder(Json.createReader(
                new java.io.StringReader(USER)).readObject()).add("username", "AdMiN")).build().toString();
        ClerkClient client = client(0, answer(200, dotless), answer(200, exact));

        assertTrue(client.getUserByUsername("admin").isEmpty());
        assertEquals(ID, client.getUserByUsername("admin").orElseThrow().id());
    }

    @Test
    void updateMetadata_500_notRetried() {
        ClerkClient client = client(2, answer(500, "{}"), answer(200, USER));

        assertThrows(ClerkUnavailableException.class, () -> client.updateMetadata(ID,
                Json.createObjectBuilder().add("public_metadata", Json.createObjectBuilder()).build()));
        assertEquals(1, server.requests().size());
    }

    @Test
    void updateUser_500_notRetried() {
        ClerkClient client = client(2, answer(500, "{}"), answer(200, USER));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> client.updateUser(ID,
                Json.createObjectBuilder().add("first_name", "Ada").build()));

        assertEquals(ClerkOperation.UPDATE_USER, e.operation());
        assertEquals(1, server.requests().size());
        assertTrue(backoffs.isEmpty());
    }

    @Test
    void updateUser_429WithRetryAfter_rateLimitedNotRetriedAndReadsNotBlocked() {
        ClerkClient client = client(2, answer(429, clerkError("too_many_requests", "t429"),
                Map.of("Retry-After", "4")), answer(200, USER));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class, () -> client.updateUser(ID,
                Json.createObjectBuilder().add("last_name", "Lovelace").build()));

        assertEquals(Duration.ofSeconds(4), e.retryAfter());
        assertEquals(ClerkOperation.UPDATE_USER, e.operation());
        assertFalse(e.rejectedLocally());
        assertEquals(1, server.requests().size());
        assertEquals(ID, client.getUser(ID).orElseThrow().id(), "a write's 429 (per-user limit) does not stop reads");
        assertEquals(2, server.requests().size());
    }

    @Test
    void updateUser_400_requestRejected() {
        ClerkClient client = client(2, answer(400, clerkError("malformed_request", "t400")));

        ClerkRequestRejectedException e = assertThrows(ClerkRequestRejectedException.class,
                () -> client.updateUser(ID, Json.createObjectBuilder().add("first_name", "Ada").build()));

        assertEquals(400, e.status());
        assertEquals(ClerkOperation.UPDATE_USER, e.operation());
        assertEquals(1, server.requests().size());
    }

    @Test
    void deleteUser_500_notRetried() {
        ClerkClient client = client(2, answer(500, "{}"), answer(200, "{}"));

        assertThrows(ClerkUnavailableException.class, () -> client.deleteUser(ID));
        assertEquals(1, server.requests().size());
    }

    @Test
    void getUser_429WithRetryAfter_rateLimitedNotRetried() {
        ClerkClient client = client(2, answer(429, clerkError("too_many_requests", "t429"),
                Map.of("Retry-After", "7")), answer(200, USER));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class, () -> client.getUser(ID));

        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        assertEquals(429, e.status());
        assertEquals("too_many_requests", e.code());
        assertEquals("t429", e.traceId());
        assertFalse(e.rejectedLocally());
        assertEquals(1, server.requests().size());
        assertEquals(1, stats.clerkRateLimitedAnswers());
    }

    @Test
    void anyCall_within429Window_failsFastWithoutCallingClerk() {
        ClerkClient client = client(2, answer(429, clerkError("too_many_requests", "t"),
                Map.of("Retry-After", "7")), answer(200, "[" + USER + "]"));
        assertThrows(ClerkRateLimitedException.class, () -> client.getUser(ID));
        clock.advance(Duration.ofSeconds(3));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class,
                () -> client.getUsers(List.of(ID)));

        assertTrue(e.rejectedLocally());
        assertEquals(0, e.status());
        assertEquals(Duration.ofSeconds(4), e.retryAfter());
        assertEquals(1, server.requests().size());
        assertEquals(1, stats.clerkRefusedLocallyCount());
    }

    @Test
    void anyCall_after429WindowPassed_callsClerkAgain() {
        ClerkClient client = client(2, answer(429, clerkError("too_many_requests", "t"),
                Map.of("Retry-After", "7")), answer(200, USER));
        assertThrows(ClerkRateLimitedException.class, () -> client.getUser(ID));
        clock.advance(Duration.ofSeconds(7));

        assertTrue(client.getUser(ID).isPresent());
        assertEquals(2, server.requests().size());
    }

    @Test
    void getUser_429WithoutRetryAfter_blocksForClerksWindow() {
        ClerkClient client = client(0, answer(429, clerkError("too_many_requests", "t")));

        ClerkRateLimitedException e = assertThrows(ClerkRateLimitedException.class, () -> client.getUser(ID));

        assertEquals(Duration.ofSeconds(10), e.retryAfter());
    }

    @Test
    void getUser_401_configurationErrorWithoutSecretInMessage() {
        ClerkClient client = client(2, answer(401, clerkError("authentication_invalid", "t401")));

        ClerkConfigurationException e = assertThrows(ClerkConfigurationException.class, () -> client.getUser(ID));

        assertEquals(401, e.status());
        assertEquals("authentication_invalid", e.code());
        assertFalse(e.getMessage().contains(TestConfigs.SECRET));
        assertTrue(e.getMessage().contains("clerk.secret-key"));
        assertEquals(1, server.requests().size());
    }

    @Test
    void getUser_401Burst_loggedSevereOncePerMinuteWithoutSecret() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ClerkClient.class.getName());
        Level previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            String refused = clerkError("authentication_invalid", "t");
            ClerkClient client = client(0, answer(401, refused), answer(401, refused), answer(401, refused));

            assertThrows(ClerkConfigurationException.class, () -> client.getUser(ID));
            clock.advance(Duration.ofSeconds(30));
            assertThrows(ClerkConfigurationException.class, () -> client.getUser(ID));
            clock.advance(Duration.ofSeconds(30));
            assertThrows(ClerkConfigurationException.class, () -> client.getUser(ID));
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }

        List<Level> levels = records.stream().map(LogRecord::getLevel).toList();
        assertEquals(List.of(Level.SEVERE, Level.FINE, Level.SEVERE), levels);
        assertTrue(records.stream().noneMatch(r -> r.getMessage().contains(TestConfigs.SECRET)));
    }

    @Test
    void getUser_403_configurationError() {
        ClerkClient client = client(2, answer(403, clerkError("authorization_invalid", "t403")));

        assertEquals(403, assertThrows(ClerkConfigurationException.class, () -> client.getUser(ID)).status());
    }

    @Test
    void getUsers_422_requestRejectedWithCodeAndTrace() {
        ClerkClient client = client(2, answer(422, clerkError("form_param_value_invalid", "t422")));

        ClerkRequestRejectedException e = assertThrows(ClerkRequestRejectedException.class,
                () -> client.getUsers(List.of(ID)));

        assertEquals(422, e.status());
        assertEquals("form_param_value_invalid", e.code());
        assertEquals("t422", e.traceId());
        assertTrue(e.getMessage().contains("t422"), e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void getUser_noAnswerWithinReadTimeout_unavailableAfterRetries() {
        // Only hangs are scripted, so a short timeout cannot cut off a real answer.
        ClerkClient client = clientWithReadTimeout("200ms", 1, ScriptedClerkServer.hang(), ScriptedClerkServer.hang());

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));

        assertInstanceOf(HttpTimeoutException.class, e.getCause());
        assertEquals(0, e.status());
        assertEquals(2, stats.clerkCallsOf(ClerkOperation.GET_USER.tag()));
    }

    @Test
    void getUser_malformedJson_unavailableNotRetried() {
        ClerkClient client = client(2, answer(200, "{\"id\": \"user_"), answer(200, USER));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));

        assertEquals(200, e.status());
        assertEquals(1, server.requests().size());
    }

    @Test
    void getUsers_objectInsteadOfArray_unavailable() {
        ClerkClient client = client(2, answer(200, "{\"data\":[]}"));

        assertThrows(ClerkUnavailableException.class, () -> client.getUsers(List.of(ID)));
    }

    @Test
    void getUser_documentWithoutUserObject_unavailable() {
        ClerkClient client = client(2, answer(200, "{\"object\":\"organization\",\"id\":\"org_1\"}"));

        assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));
    }

    @Test
    void getUser_404WithoutClerkBody_unavailableNotEmpty() {
        ClerkClient client = client(2, answer(404, "<html>no such route</html>"));

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));

        assertTrue(e.getMessage().contains("clerk.api-url"), e.getMessage());
    }

    @Test
    void getUser_connectionRefused_unavailableAfterRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClerkClient client = new ClerkClient(TestConfigs.live(URI.create("http://127.0.0.1:" + closedPort + "/v1"), 2),
                stats, new LocalClerkRateBudget(clock), clock, backoffs::add);

        ClerkUnavailableException e = assertThrows(ClerkUnavailableException.class, () -> client.getUser(ID));

        assertEquals(3, stats.clerkCallsOf(ClerkOperation.GET_USER.tag()));
        assertNull(e.code());
        assertEquals(2, backoffs.size());
    }

    private static String readExample() {
        try (InputStream in = ClerkClientFailureTest.class.getResourceAsStream("/clerk/user-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
