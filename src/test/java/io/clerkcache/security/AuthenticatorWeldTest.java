package io.clerkcache.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code Authorization} header to a caller, in a real container whose key set comes from the simulator over HTTP:
 * API keys and session tokens accepted; missing and bad credentials refused without any call to Clerk.
 */
class AuthenticatorWeldTest {

    private static final String ADMIN_KEY = "ck_admin_7d0f3a9c51e84b26a4c9e2f1d8b73a05";
    private static final String READER_KEY = "ck_reader_c2e5b8a1f4d7c0e3b6a9f2d5c8e1b4a7";

    private static SecurityContainer app;
    private static Authenticator authenticator;

    @BeforeAll
    static void boot() {
        app = new SecurityContainer(Map.of("clerk.auth.api-keys",
                "ops:admin:" + hash(ADMIN_KEY) + ",search:reader:" + hash(READER_KEY)));
        authenticator = app.get(Authenticator.class);
    }

    @AfterAll
    static void shutdown() {
        if (app != null) {
            app.close();
        }
    }

    private static String hash(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    private static NotAuthenticatedException refused(String header) {
        return assertThrows(NotAuthenticatedException.class, () -> authenticator.authenticate(header));
    }

    @Test
    void authenticate_apiKeys_eachWithItsRole() {
        assertEquals(new Caller.ApiKey("ops", "admin"), authenticator.authenticate("Bearer " + ADMIN_KEY));
        assertEquals(new Caller.ApiKey("search", "reader"), authenticator.authenticate("bearer  " + READER_KEY));
    }

    @Test
    void authenticate_wrongApiKey_refusedWithoutClerkCall() {
        int before = app.clerkRequests();

        NotAuthenticatedException e = refused("Bearer " + ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1) + "6");

        assertTrue(e.credentialsPresent());
        assertFalse(e.getMessage().contains(ADMIN_KEY.substring(0, 12)), "the message never echoes the key");
        assertEquals(before, app.clerkRequests());
    }

    @Test
    void authenticate_sessionToken_theSignedInUser() {
        String userId = app.simulator().userIds().get(3);
        String token = app.simulator().sessionTokens().mint(userId, Duration.ofSeconds(60)).token();

        Caller caller = authenticator.authenticate("Bearer " + token);

        assertEquals(userId, ((Caller.User) caller).userId());
        assertEquals(userId, caller.getName());
    }

    @Test
    void authenticate_missingOrBadCredentials_refusedWithoutClerkCall() {
        int before = app.clerkRequests();

        assertFalse(refused(null).credentialsPresent());
        assertFalse(refused("  ").credentialsPresent());
        for (String header : List.of("Basic b3BzOnNlY3JldA==", "Bearer", "Bearer ", "Token " + ADMIN_KEY,
                "Bearer a b", "Bearer " + "x".repeat(Authenticator.MAX_CREDENTIAL_LENGTH + 1),
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyXzEifQ.", "Bearer not.a.jwt",
                "Bearer " + ADMIN_KEY + "," + READER_KEY)) {
            assertTrue(refused(header).credentialsPresent(), header);
        }

        assertEquals(before, app.clerkRequests(), "nothing about a bad credential is asked of Clerk");
    }

    @Test
    void authenticate_expiredSessionToken_refusedWithoutClerkCall() {
        String token = app.simulator().sessionTokens().mint(app.simulator().userIds().get(0), Duration.ofSeconds(1))
                .token();
        SecurityContainer.CLOCK.advance(Duration.ofSeconds(7));
        int before = app.clerkRequests();

        assertTrue(refused("Bearer " + token).getMessage().contains("expired"));
        assertEquals(before, app.clerkRequests());
    }
}
