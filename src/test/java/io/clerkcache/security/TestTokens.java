package io.clerkcache.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.clerkcache.simulator.SimulatedSessionTokens;

/** Session tokens made by the tests with their own keys (Nimbus JOSE signs), shaped like Clerk's. */
final class TestTokens {

    static final String USER_ID = "user_2zK8mQp4TnV7xWbR1cYdE3fGhJk";

    private TestTokens() {
    }

    /** A fresh 2048-bit RSA key pair with this key id. */
    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims like the simulator's (and Clerk's): issued {@code now}, valid 60 s, {@code nbf} 10 s before. */
    static JWTClaimsSet.Builder claims(String subject, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(SimulatedSessionTokens.ISSUER)
                .subject(subject)
                .claim("azp", SimulatedSessionTokens.AUTHORIZED_PARTY)
                .claim("sid", "sess_2zK8mQp4TnV7xWbR1cYdE3fGhJk")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(10)))
                .expirationTime(Date.from(now.plus(Duration.ofSeconds(60))));
    }

    /** RS256 with {@code key}, its own key id in the header. */
    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, key.getKeyID(), claims);
    }

    /** RS256 with {@code key}, {@code keyId} in the header. */
    static String sign(RSAKey key, String keyId, JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The PEM (X.509 SubjectPublicKeyInfo) of the public half, as Clerk's dashboard shows its "JWT public key". */
    static String pem(RSAKey key) {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
                    key.toRSAPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code token} with its payload replaced by {@code claims} (header and signature kept). */
    static String withPayload(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
