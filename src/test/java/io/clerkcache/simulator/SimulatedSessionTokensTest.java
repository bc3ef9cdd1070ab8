package io.clerkcache.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.clerkcache.clerk.ClerkUser;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's JWKS and session tokens: what a verifier of Clerk's tokens meets. */
class SimulatedSessionTokensTest {

    private final TestClock clock = new TestClock();
    private final ClerkSimulator simulator = new ClerkSimulator(new SimulatorSettings(60, 42, Duration.ZERO, 5),
            clock, millis -> { });

    private SimulatorResponse getJwks(String authorization) {
        return simulator.handle(new SimulatorRequest("GET", "/jwks", Map.of(), authorization, null, null));
    }

    @Test
    void jwks_withSecretKey_onePublicRsaKeyForRs256() throws Exception {
        SimulatorResponse r = getJwks("Bearer sk_test_x");

        assertEquals(200, r.status(), r.body());
        JWKSet set = JWKSet.parse(r.body());
        assertEquals(1, set.getKeys().size());
        RSAKey key = set.getKeys().get(0).toRSAKey();
        assertFalse(key.isPrivate(), "the JWKS must not carry the private key");
        assertEquals(JWSAlgorithm.RS256, key.getAlgorithm());
        assertEquals(simulator.sessionTokens().currentKeyId(), key.getKeyID());
        assertEquals(1, simulator.calls("GET /jwks"));
    }

    @Test
    void jwks_withoutSecretKey_401LikeEveryBackendCall() {
        assertEquals(401, getJwks(null).status());
        assertEquals(401, getJwks("Bearer pk_test_x").status());
    }

    @Test
    void jwks_beyondTheRateLimit_stillAnswered() {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, getJwks("Bearer sk_test_x").status(), "Clerk does not rate-limit its JWKS");
        }
    }

    @Test
    void mint_verifiesWithTheServedKey_andCarriesClerksClaims() throws Exception {
        String userId = simulator.userIds().get(0);

        SimulatedSessionTokens.SessionToken minted = simulator.sessionTokens().mint(userId, Duration.ofSeconds(60));

        SignedJWT jwt = SignedJWT.parse(minted.token());
        RSAKey key = JWKSet.parse(getJwks("Bearer sk_test_x").body()).getKeyByKeyId(jwt.getHeader().getKeyID())
                .toRSAKey();
        assertTrue(jwt.verify(new RSASSAVerifier(key)));
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        var claims = jwt.getJWTClaimsSet();
        assertEquals(userId, claims.getSubject());
        assertEquals(SimulatedSessionTokens.ISSUER, claims.getIssuer());
        assertEquals(SimulatedSessionTokens.AUTHORIZED_PARTY, claims.getStringClaim("azp"));
        assertTrue(claims.getStringClaim("sid").startsWith("sess_"));
        assertEquals(clock.instant().plusSeconds(60), claims.getExpirationTime().toInstant());
        assertEquals(clock.instant().minusSeconds(10), claims.getNotBeforeTime().toInstant());
        assertEquals(minted.expiresAt(), claims.getExpirationTime().toInstant());
    }

    @Test
    void mint_lifetimeOutOfRange_refused() {
        String userId = simulator.userIds().get(0);

        assertThrows(IllegalArgumentException.class, () -> simulator.sessionTokens().mint(userId, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> simulator.sessionTokens().mint(userId, Duration.ofHours(25)));
    }

    @Test
    void rotate_newKidSignsAndTheOldKeyStaysServed() throws Exception {
        String before = simulator.sessionTokens().currentKeyId();

        simulator.sessionTokens().rotate();

        String after = simulator.sessionTokens().currentKeyId();
        assertNotEquals(before, after);
        JWKSet set = JWKSet.parse(getJwks("Bearer sk_test_x").body());
        assertEquals(List.of(after, before), set.getKeys().stream().map(k -> k.getKeyID()).toList());
        String token = simulator.sessionTokens().mint(simulator.userIds().get(0), Duration.ofSeconds(60)).token();
        assertEquals(after, SignedJWT.parse(token).getHeader().getKeyID());
    }

    @Test
    void usersWithRole_admin_onlyAdminsOldestFirst() {
        List<JsonObject> admins = simulator.usersWithRole("admin", 500);

        assertFalse(admins.isEmpty(), "about 10 % of the seeded users are admins");
        assertTrue(admins.stream().allMatch(u -> ClerkUser.of(u).hasRole("admin")));
        long allAdmins = simulator.userIds().stream().filter(id -> ClerkUser.of(simulator.user(id)).hasRole("admin"))
                .count();
        assertEquals(allAdmins, admins.size());
        assertEquals(admins.subList(0, 1), simulator.usersWithRole("admin", 1));
    }
}
