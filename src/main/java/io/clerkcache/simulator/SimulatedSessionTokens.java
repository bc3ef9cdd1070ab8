package io.clerkcache.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The simulator's session-token issuer, playing Clerk's Frontend API: an RSA key pair generated on first use (never
 * stored), its public half served as the instance's JWKS ({@code GET /jwks}), and RS256 session tokens for simulated
 * users with the claims Clerk puts in its own ({@code iss}, {@code azp}, {@code sub}, {@code sid}, {@code iat},
 * {@code nbf}, {@code exp}, {@code v}). Signing is Nimbus JOSE's.
 *
 * <p>{@link #rotate()} adds a new current key and keeps the old one in the key set, as Clerk does while it rotates,
 * so that a verifier meets a {@code kid} it has not seen.
 *
 * <p>Thread-safe.
 */
public final class SimulatedSessionTokens {

    /** {@code iss} of the simulator's tokens (Clerk puts its Frontend API URL there). */
    public static final String ISSUER = "https://clerk.simulator.invalid";
    /** {@code azp} of the simulator's tokens: the origin of the (imagined) front end that asked for them. */
    public static final String AUTHORIZED_PARTY = "http://localhost:3000";
    /** Lifetime of a token when none is asked for: Clerk's session tokens live 60 s. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    /** Longest lifetime that can be asked for (demos and benchmarks run longer than a minute). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** How far {@code nbf} lies before {@code iat}, as in Clerk's tokens (tolerates clocks a little behind). */
    static final Duration NOT_BEFORE_MARGIN = Duration.ofSeconds(10);

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Newest first; the first one signs. Empty until first use: generating a key costs a few hundred ms. */
    private List<RSAKey> keys = List.of();

    SimulatedSessionTokens(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The public key set, as Clerk's {@code GET /jwks} answers it: {@code {"keys":[{"kty":"RSA","kid":...}]}}. */
    public JsonObject jwks() {
        String json = new JWKSet(new ArrayList<>(keys())).toString(true);
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** The {@code kid} of the key that signs new tokens. */
    public String currentKeyId() {
        return keys().get(0).getKeyID();
    }

    /** Makes a new key the signing key; earlier keys stay in the key set. */
    public synchronized void rotate() {
        List<RSAKey> rotated = new ArrayList<>(keys());
        rotated.add(0, generate());
        keys = List.copyOf(rotated);
    }

    /**
     * A signed session token and when it expires.
     *
     * @param token the compact JWS
     * @param expiresAt its {@code exp}
     */
    public record SessionToken(String token, Instant expiresAt) {
    }

    /**
     * A session token for {@code userId}, signed with the current key.
     *
     * @param lifetime from issue to {@code exp}, at most {@link #MAX_LIFETIME}
     * @throws IllegalArgumentException for a lifetime that is not positive or too long
     */
    public SessionToken mint(String userId, Duration lifetime) {
        Objects.requireNonNull(userId, "userId");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("lifetime must be between 1 s and " + MAX_LIFETIME.toHours() + " h");
        }
        RSAKey key = keys().get(0);
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim("azp", AUTHORIZED_PARTY)
                .claim("sid", "sess_" + base62(27))
                .claim("v", 2)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minus(NOT_BEFORE_MARGIN)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the simulator could not sign a token", e);
        }
        return new SessionToken(jwt.serialize(), now.plus(lifetime));
    }

    private synchronized List<RSAKey> keys() {
        if (keys.isEmpty()) {
            keys = List.of(generate());
        }
        return keys;
    }

    private RSAKey generate() {
        byte[] id = new byte[6];
        random.nextBytes(id);
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("ins_sim_" + HexFormat.of().formatHex(id))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("the simulator could not generate an RSA key", e);
        }
    }

    private String base62(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return s.toString();
    }
}
