package io.clerkcache.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkException;
import io.clerkcache.clerk.ClerkOperation;
import io.clerkcache.clerk.ClerkUnavailableException;

/**
 * The public keys session tokens are verified with: the configured {@code clerk.auth.jwt-public-key}, or the
 * instance's JWKS fetched through {@link ClerkClient#jwks()} and cached.
 *
 * <p>The key set is fetched on first use, again when a token names a key id it does not hold (a key rotation), and
 * again when it is older than {@code clerk.auth.jwks-max-age}; never twice within
 * {@code clerk.auth.jwks-min-refresh-interval}, however many tokens with unknown key ids arrive (concurrent callers
 * wait for the one fetch). When a fetch fails the previous set is kept; only when no set was ever fetched does the
 * failure reach the caller (a 503: the token may well be good).
 *
 * <p>Only RSA keys for signatures ({@code use} absent or {@code sig}, {@code alg} absent or {@code RS256}) with a
 * {@code kid} are kept. Thread-safe.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    /** A fetched key set. */
    private record KeySet(Map<String, RSAKey> byKeyId, Instant fetchedAt) {
    }

    private ClerkClient clerk;
    private AuthConfig config;
    private Clock clock;
    private final Object fetchLock = new Object();
    private volatile KeySet current;
    /** Guarded by {@link #fetchLock}. */
    private Instant lastAttempt;
    /** Guarded by {@link #fetchLock}: the last failure, rethrown while no set is known. */
    private ClerkException lastFailure;

    /** For the CDI proxy only. */
    protected SigningKeys() {
    }

    @Inject
    public SigningKeys(ClerkClient clerk, AuthConfig config, Clock clock) {
        this.clerk = clerk;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The key to verify a token whose header names {@code keyId}: the configured public key whatever the id, or the
     * key set's key with that id.
     *
     * @param keyId the token's {@code kid}, or {@code null}
     * @return the key, or empty if none is known (after a refresh, when one was allowed)
     * @throws ClerkException if the key set could never be fetched
     */
    public Optional<RSAKey> forKeyId(String keyId) {
        if (config.jwtPublicKey().isPresent()) {
            return config.jwtPublicKey();
        }
        if (keyId == null) {
            return Optional.empty();
        }
        KeySet set = current;
        if (set != null) {
            RSAKey key = set.byKeyId().get(keyId);
            if (key != null && !isOld(set, clock.instant())) {
                return Optional.of(key);
            }
        }
        return refreshAndFind(keyId);
    }

    /** Whether the configured public key is used instead of a JWKS. */
    public boolean usesConfiguredKey() {
        return config.jwtPublicKey().isPresent();
    }

    private Optional<RSAKey> refreshAndFind(String keyId) {
        synchronized (fetchLock) {
            Instant now = clock.instant();
            KeySet set = current;
            RSAKey known = set == null ? null : set.byKeyId().get(keyId);
            // Another caller may have refreshed while this one waited for the lock.
            if (known != null && !isOld(set, now)) {
                return Optional.of(known);
            }
            boolean allowed = lastAttempt == null
                    || !now.isBefore(lastAttempt.plus(config.jwksMinRefreshInterval()));
            if (!allowed) {
                if (set == null) {
                    throw lastFailure != null ? lastFailure : new ClerkUnavailableException(ClerkOperation.GET_JWKS,
                            0, null, null, "the JWKS has not been fetched yet", null);
                }
                return Optional.ofNullable(known);
            }
            lastAttempt = now;
            try {
                KeySet fetched = new KeySet(parse(clerk.jwks()), now);
                current = fetched;
                lastFailure = null;
                LOG.fine(() -> "JWKS fetched: key ids " + fetched.byKeyId().keySet());
                return Optional.ofNullable(fetched.byKeyId().get(keyId));
            } catch (ClerkException e) {
                lastFailure = e;
                if (set == null) {
                    throw e;
                }
                // At most once per refresh interval: the interval bounds the attempts.
                LOG.log(Level.WARNING, "JWKS refresh failed, keeping the key set fetched at " + set.fetchedAt()
                        + ": " + e.getMessage());
                return Optional.ofNullable(known);
            }
        }
    }

    private boolean isOld(KeySet set, Instant now) {
        return !now.isBefore(set.fetchedAt().plus(config.jwksMaxAge()));
    }

    private static Map<String, RSAKey> parse(jakarta.json.JsonObject jwks) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwks.toString());
        } catch (ParseException e) {
            throw new ClerkUnavailableException(ClerkOperation.GET_JWKS, 200, null, null,
                    "the JWKS is malformed: " + e.getMessage(), null);
        }
        Map<String, RSAKey> keys = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk instanceof RSAKey rsa && rsa.getKeyID() != null
                    && (rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse()))
                    && (rsa.getAlgorithm() == null || JWSAlgorithm.RS256.equals(rsa.getAlgorithm()))) {
                keys.put(rsa.getKeyID(), rsa);
            }
        }
        return Map.copyOf(keys);
    }
}
