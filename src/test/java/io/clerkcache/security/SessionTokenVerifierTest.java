package io.clerkcache.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatedSessionTokens;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;

/**
 * Session tokens against the verifier, its key set fetched by the real {@link ClerkClient} over HTTP from the
 * simulator (which plays Clerk: JWKS, signing, key rotation), with a clock the test moves. Claim rules are tested in
 * the configured-public-key mode with the test's own key, so that any claim can be signed.
 */
class SessionTokenVerifierTest {

    private static RSAKey ownKey;
    private static RSAKey otherKey;

    private final TestClock clock = new TestClock();
    private SimulatorHttpServer clerk;
    private ClerkSimulator simulator;
    private String userId;

    @BeforeAll
    static void keys() {
        ownKey = TestTokens.newKey("test-key-1");
        otherKey = TestTokens.newKey("test-key-2");
    }

    @BeforeEach
    void startClerk() {
        simulator = new ClerkSimulator(new SimulatorSettings(5, 42, Duration.ZERO, 0), clock, millis -> { });
        clerk = new SimulatorHttpServer(simulator);
        userId = simulator.userIds().get(0);
    }

    @AfterEach
    void stopClerk() {
        clerk.close();
    }

    /** A verifier on the simulator's JWKS with {@code extra} settings. */
    private SessionTokenVerifier verifier(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("clerk.secret-key", "sk_test_verifier");
        values.put("clerk.api-url", clerk.baseUrl().toString());
        values.put("clerk.read-retries", "0");
        AuthConfig config = new AuthConfig(TestConfig.of(values));
        ClerkClient client = new ClerkClient(new ClerkConfig(TestConfig.of(values)), Recorder.inMemory(),
                new LocalClerkRateBudget(clock));
        return new SessionTokenVerifier(config, new SigningKeys(client, config, clock), clock);
    }

    private SessionTokenVerifier verifier() {
        return verifier(Map.of());
    }

    /** A verifier against the configured PEM of the test's own key. */
    private SessionTokenVerifier pemVerifier(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("clerk.auth.jwt-public-key", TestTokens.pem(ownKey));
        return verifier(values);
    }

    private long jwksCalls() {
        return simulator.calls("GET /jwks");
    }

    private String simulatorToken() {
        return simulator.sessionTokens().mint(userId, Duration.ofSeconds(60)).token();
    }

    private static void assertRefused(SessionTokenVerifier verifier, String token, String reason) {
        NotAuthenticatedException e = assertThrows(NotAuthenticatedException.class, () -> verifier.verify(token));
        assertTrue(e.credentialsPresent());
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }

    // -------------------------------------------------------------------------------- JWKS from the Backend API

    @Test
    void verify_simulatorToken_callerIsTheSubjectAfterOneJwksFetch() {
        SessionTokenVerifier verifier = verifier();

        Caller.User caller = verifier.verify(simulatorToken());
        verifier.verify(simulatorToken());

        assertEquals(userId, caller.userId());
        assertTrue(caller.sessionId().startsWith("sess_"));
        assertEquals(1, jwksCalls(), "the key set is cached");
        assertEquals("Bearer sk_test_verifier", clerk.requests().get(0).header("Authorization"));
    }

    @Test
    void verify_algNone_refusedWithoutAnyJwksCall() {
        SessionTokenVerifier verifier = verifier();
        JWTClaimsSet claims = TestTokens.claims(userId, clock.instant()).build();
        String unsecured = new PlainJWT(claims).serialize();
        String kid = simulator.sessionTokens().currentKeyId();
        String noneWithKidAndSignature = TestTokens.base64Url("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "."
                + unsecured.split("\\.")[1] + "." + simulatorToken().split("\\.")[2];

        assertRefused(verifier, unsecured, "not a signed JWT");
        assertThrows(NotAuthenticatedException.class, () -> verifier.verify(noneWithKidAndSignature));
        assertThrows(NotAuthenticatedException.class,
                () -> verifier.verify(new PlainJWT(new PlainHeader(), claims).serialize()));
        assertEquals(0, clerk.requests().size());
    }

    @Test
    void verify_hs256SignedWithThePublicKey_refusedWithoutAnyJwksCall() throws Exception {
        RSAKey published = JWKSet.parse(simulator.sessionTokens().jwks().toString()).getKeys().get(0).toRSAKey();
        JWTClaimsSet claims = TestTokens.claims(userId, clock.instant()).build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build();
        // The classic confusion attack: the public key, as bytes, used as the HMAC secret.
        String withDer = TestTokens.sign(new MACSigner(published.toRSAPublicKey().getEncoded()), header, claims);
        String withPem = TestTokens.sign(new MACSigner(TestTokens.pem(published).getBytes(StandardCharsets.US_ASCII)),
                header, claims);
        String withJwk = TestTokens.sign(new MACSigner(published.toJSONString().getBytes(StandardCharsets.UTF_8)),
                header, claims);
        SessionTokenVerifier verifier = verifier();

        for (String token : List.of(withDer, withPem, withJwk)) {
            assertRefused(verifier, token, "only RS256");
        }
        assertEquals(0, clerk.requests().size());
    }

    @Test
    void verify_otherKeyUnderTheKnownKid_refused() {
        SessionTokenVerifier verifier = verifier();
        String token = TestTokens.sign(otherKey, simulator.sessionTokens().currentKeyId(),
                TestTokens.claims(userId, clock.instant()).build());

        assertRefused(verifier, token, "signature is invalid");
    }

    @Test
    void verify_tamperedPayload_refused() {
        SessionTokenVerifier verifier = verifier();
        String other = simulator.userIds().get(1);
        String tampered = TestTokens.withPayload(simulatorToken(), TestTokens.claims(other, clock.instant()).build());

        assertRefused(verifier, tampered, "signature is invalid");
        assertEquals(userId, verifier.verify(simulatorToken()).userId(), "the untouched token still passes");
    }

    @Test
    void verify_unknownKidAfterRotation_jwksRefetchedOnceThenAccepted() {
        SessionTokenVerifier verifier = verifier();
        verifier.verify(simulatorToken());
        clock.advance(AuthConfig.DEFAULT_JWKS_MIN_REFRESH_INTERVAL);

        simulator.sessionTokens().rotate();
        Caller.User first = verifier.verify(simulatorToken());
        Caller.User second = verifier.verify(simulatorToken());

        assertEquals(userId, first.userId());
        assertEquals(userId, second.userId());
        assertEquals(2, jwksCalls(), "one fetch at start, one for the new kid, none after");
    }

    @Test
    void verify_unknownKidWithinTheRefreshInterval_refusedWithoutFetching() {
        SessionTokenVerifier verifier = verifier();
        verifier.verify(simulatorToken());
        clock.advance(Duration.ofSeconds(29));

        simulator.sessionTokens().rotate();

        assertRefused(verifier, simulatorToken(), "unknown key");
        assertEquals(1, jwksCalls());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(userId, verifier.verify(simulatorToken()).userId(), "accepted once a refresh is allowed");
        assertEquals(2, jwksCalls());
    }

    @Test
    void verify_floodOfUnknownKids_atMostOneJwksFetchPerInterval() {
        SessionTokenVerifier verifier = verifier(Map.of("clerk.auth.jwks-min-refresh-interval", "10s"));
        String[] signed = TestTokens.sign(otherKey, TestTokens.claims(userId, clock.instant()).build()).split("\\.");

        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 20; i++) {
                // The kid is looked up before the signature is checked: relabelling one token makes 600.
                String kid = "kid-" + second + "-" + i;
                String token = TestTokens.base64Url("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + "."
                        + signed[1] + "." + signed[2];
                assertRefused(verifier, token, "unknown key");
            }
            clock.advance(Duration.ofSeconds(1));
        }

        // 600 tokens with 600 unknown kids over 30 s: fetches at 0 s, 10 s and 20 s.
        assertEquals(3, jwksCalls());
    }

    @Test
    void verify_keySetOlderThanMaxAge_refetchedOnNextUse() {
        SessionTokenVerifier verifier = verifier(Map.of("clerk.auth.jwks-max-age", "10m"));
        verifier.verify(simulatorToken());
        clock.advance(Duration.ofMinutes(10));

        verifier.verify(simulatorToken());

        assertEquals(2, jwksCalls());
    }

    @Test
    void verify_clerkUnreachableAtFirstUse_unavailableAndNotRetriedWithinTheInterval() {
        SessionTokenVerifier verifier = verifier();
        String token = simulatorToken();
        clerk.close();

        assertThrows(ClerkUnavailableException.class, () -> verifier.verify(token));
        assertThrows(ClerkUnavailableException.class, () -> verifier.verify(token),
                "a token that may be good is not refused as invalid");
    }

    @Test
    void verify_clerkUnreachableWhenTheSetIsOld_oldKeysKeptServing() {
        SessionTokenVerifier verifier = verifier(Map.of("clerk.auth.jwks-max-age", "1m"));
        String token = simulatorToken();
        verifier.verify(token);
        clerk.close();
        clock.advance(Duration.ofSeconds(50));

        assertEquals(userId, verifier.verify(simulatorToken()).userId());
    }

    @Test
    void verify_expiredToken_refusedWithoutAnyJwksCall() {
        SessionTokenVerifier verifier = verifier();
        String token = simulatorToken();
        clock.advance(Duration.ofSeconds(66));

        assertRefused(verifier, token, "expired");
        assertEquals(0, clerk.requests().size());
    }

    // ------------------------------------------------------------------------------------------------ claims

    @Test
    void verify_pemKey_acceptedWithoutAnyClerkCall() {
        SessionTokenVerifier verifier = pemVerifier(Map.of());

        Caller.User caller = verifier.verify(TestTokens.sign(ownKey, TestTokens.claims(userId, clock.instant())
                .build()));

        assertEquals(userId, caller.userId());
        assertEquals(0, clerk.requests().size());
    }

    @Test
    void verify_pemKey_tokenOfAnotherKey_refused() {
        assertRefused(pemVerifier(Map.of()), TestTokens.sign(otherKey, TestTokens.claims(userId, clock.instant())
                .build()), "signature is invalid");
    }

    @Test
    void verify_expiry_leewayOfFiveSecondsThenRefused() {
        SessionTokenVerifier verifier = pemVerifier(Map.of());
        String token = TestTokens.sign(ownKey, TestTokens.claims(userId, clock.instant()).build());

        clock.advance(Duration.ofSeconds(65));
        assertEquals(userId, verifier.verify(token).userId(), "5 s after exp: within the leeway");
        clock.advance(Duration.ofSeconds(1));
        assertRefused(verifier, token, "expired");
    }

    @Test
    void verify_noExpiry_refused() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(TestTokens.claims(userId, clock.instant()).build())
                .expirationTime(null).build();

        assertRefused(pemVerifier(Map.of()), TestTokens.sign(ownKey, claims), "no expiry");
    }

    @Test
    void verify_notYetValid_refusedBeyondTheLeeway() {
        SessionTokenVerifier verifier = pemVerifier(Map.of());
        JWTClaimsSet later = TestTokens.claims(userId, clock.instant())
                .notBeforeTime(java.util.Date.from(clock.instant().plusSeconds(6))).build();
        JWTClaimsSet soon = TestTokens.claims(userId, clock.instant())
                .notBeforeTime(java.util.Date.from(clock.instant().plusSeconds(4))).build();

        assertRefused(verifier, TestTokens.sign(ownKey, later), "not valid yet");
        assertEquals(userId, verifier.verify(TestTokens.sign(ownKey, soon)).userId());
    }

    @Test
    void verify_issuedInTheFuture_refused() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(TestTokens.claims(userId, clock.instant()).build())
                .issueTime(java.util.Date.from(clock.instant().plusSeconds(30))).build();

        assertRefused(pemVerifier(Map.of()), TestTokens.sign(ownKey, claims), "in the future");
    }

    @Test
    void verify_configuredLeeway_applied() {
        SessionTokenVerifier verifier = pemVerifier(Map.of("clerk.auth.clock-skew", "0s"));
        String token = TestTokens.sign(ownKey, TestTokens.claims(userId, clock.instant()).build());
        clock.advance(Duration.ofSeconds(61));

        assertRefused(verifier, token, "expired");
    }

    @Test
    void verify_issuerConfigured_otherIssuerRefusedOwnAccepted() {
        SessionTokenVerifier verifier = pemVerifier(Map.of("clerk.auth.issuer", SimulatedSessionTokens.ISSUER));
        JWTClaimsSet foreign = TestTokens.claims(userId, clock.instant()).issuer("https://other.clerk.accounts.dev")
                .build();
        JWTClaimsSet none = TestTokens.claims(userId, clock.instant()).issuer(null).build();

        assertRefused(verifier, TestTokens.sign(ownKey, foreign), "another Clerk instance");
        assertRefused(verifier, TestTokens.sign(ownKey, none), "another Clerk instance");
        assertEquals(userId, verifier.verify(TestTokens.sign(ownKey, TestTokens.claims(userId, clock.instant())
                .build())).userId());
    }

    @Test
    void verify_issuerNotConfigured_anyIssuerAccepted() {
        JWTClaimsSet foreign = TestTokens.claims(userId, clock.instant()).issuer("https://other.clerk.accounts.dev")
                .build();

        assertEquals(userId, pemVerifier(Map.of()).verify(TestTokens.sign(ownKey, foreign)).userId());
    }

    @Test
    void verify_authorizedPartiesConfigured_otherOrMissingAzpRefused() {
        SessionTokenVerifier verifier = pemVerifier(Map.of("clerk.auth.authorized-parties",
                "https://app.example.com, " + SimulatedSessionTokens.AUTHORIZED_PARTY));
        JWTClaimsSet evil = TestTokens.claims(userId, clock.instant()).claim("azp", "https://evil.example").build();
        JWTClaimsSet none = TestTokens.claims(userId, clock.instant()).claim("azp", null).build();
        JWTClaimsSet app = TestTokens.claims(userId, clock.instant()).claim("azp", "https://app.example.com").build();

        assertRefused(verifier, TestTokens.sign(ownKey, evil), "not authorized");
        assertRefused(verifier, TestTokens.sign(ownKey, none), "not authorized");
        assertEquals(userId, verifier.verify(TestTokens.sign(ownKey, app)).userId());
        assertEquals(userId, verifier.verify(TestTokens.sign(ownKey, TestTokens.claims(userId, clock.instant())
                .build())).userId());
    }

    @Test
    void verify_subjectNotAClerkUserId_refused() {
        assertRefused(pemVerifier(Map.of()), TestTokens.sign(ownKey, TestTokens.claims("admin", clock.instant())
                .build()), "subject");
    }

    @Test
    void verify_notAJwtAtAll_refused() {
        assertRefused(verifier(), "a.b.c", "not a signed JWT");
        assertEquals(0, clerk.requests().size());
    }

    @Test
    void verify_claimOfTheWrongType_refused() {
        JWTClaimsSet claims = TestTokens.claims(userId, clock.instant()).claim("azp", 42).build();
        SessionTokenVerifier verifier = pemVerifier(Map.of("clerk.auth.authorized-parties", "x"));

        assertRefused(verifier, TestTokens.sign(ownKey, claims), "azp");
    }

    @Test
    void verify_tokenSignedRs256ButHeaderClaimsRs512_refused() {
        String token = TestTokens.sign(ownKey, TestTokens.claims(userId, clock.instant()).build());
        SignedJWT parsed;
        try {
            parsed = SignedJWT.parse(token);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
        String header = TestTokens.base64Url("{\"alg\":\"RS512\",\"kid\":\"" + ownKey.getKeyID() + "\"}");
        String relabelled = header + "." + parsed.getPayload().toBase64URL() + "." + parsed.getSignature();

        assertRefused(pemVerifier(Map.of()), relabelled, "only RS256");
    }
}
