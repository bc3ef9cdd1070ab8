package io.clerkcache.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.clerkcache.clerk.ClerkIds;

/**
 * Verifies Clerk session tokens: compact JWS, {@code RS256} only (whatever the key, so {@code alg: none} and an
 * {@code HS256} token "signed" with the public key are refused before any key is looked at), signature checked by
 * Nimbus JOSE against the {@link SigningKeys}, then the claims:
 * <ul>
 * <li>{@code exp} required, {@code nbf} and {@code iat} when present, each with {@code clerk.auth.clock-skew} of
 * leeway, against the application's {@link Clock};</li>
 * <li>{@code iss} equal to {@code clerk.auth.issuer} when that is set;</li>
 * <li>{@code azp} one of {@code clerk.auth.authorized-parties} when that is set (a token without {@code azp} is then
 * refused; Clerk's SDKs let it pass);</li>
 * <li>{@code sub} a Clerk user id.</li>
 * </ul>
 * The times are checked before the key is looked up, so that an expired token never causes a JWKS fetch (only to
 * refuse: nothing unverified is ever accepted).
 */
@ApplicationScoped
public class SessionTokenVerifier {

    private AuthConfig config;
    private SigningKeys keys;
    private Clock clock;

    /** For the CDI proxy only. */
    protected SessionTokenVerifier() {
    }

    @Inject
    public SessionTokenVerifier(AuthConfig config, SigningKeys keys, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * The signed-in user a session token stands for.
     *
     * @throws NotAuthenticatedException if the token is not a valid session token of this Clerk instance now
     * @throws io.clerkcache.clerk.ClerkException if the instance's keys could not be fetched
     */
    public Caller.User verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw NotAuthenticatedException.invalid("not a signed JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw NotAuthenticatedException.invalid("only RS256-signed session tokens are accepted");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw NotAuthenticatedException.invalid("the token's claims are malformed");
        }
        checkTimes(claims, clock.instant());

        RSAKey key = keys.forKeyId(jwt.getHeader().getKeyID())
                .orElseThrow(() -> NotAuthenticatedException.invalid("the token is signed with an unknown key"));
        boolean verified;
        try {
            verified = jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException e) {
            verified = false;
        }
        if (!verified) {
            throw NotAuthenticatedException.invalid("the token's signature is invalid");
        }

        if (config.issuer().isPresent() && !config.issuer().get().equals(claims.getIssuer())) {
            throw NotAuthenticatedException.invalid("the token was issued by another Clerk instance");
        }
        String azp = stringClaim(claims, "azp");
        if (!config.authorizedParties().isEmpty() && (azp == null || !config.authorizedParties().contains(azp))) {
            throw NotAuthenticatedException.invalid("the token was issued to a front end that is not authorized");
        }
        String subject = claims.getSubject();
        if (!ClerkIds.isValidUserId(subject)) {
            throw NotAuthenticatedException.invalid("the token's subject is not a Clerk user id");
        }
        return new Caller.User(subject, stringClaim(claims, "sid"));
    }

    private void checkTimes(JWTClaimsSet claims, Instant now) {
        Instant expires = instant(claims.getExpirationTime());
        if (expires == null) {
            throw NotAuthenticatedException.invalid("the token has no expiry");
        }
        if (now.isAfter(expires.plus(config.clockSkew()))) {
            throw NotAuthenticatedException.invalid("the token has expired");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && now.plus(config.clockSkew()).isBefore(notBefore)) {
            throw NotAuthenticatedException.invalid("the token is not valid yet");
        }
        Instant issued = instant(claims.getIssueTime());
        if (issued != null && now.plus(config.clockSkew()).isBefore(issued)) {
            throw NotAuthenticatedException.invalid("the token is issued in the future");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw NotAuthenticatedException.invalid("the token's " + name + " claim is not a string");
        }
    }
}
