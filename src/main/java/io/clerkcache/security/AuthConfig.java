package io.clerkcache.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import com.nimbusds.jose.jwk.RSAKey;

import io.clerkcache.clerk.ClerkConfig;

/**
 * How callers authenticate, read once from MicroProfile Config (each key also as an environment variable, e.g.
 * {@code clerk.auth.api-keys} as {@code CLERK_AUTH_API_KEYS}). Durations as in {@link ClerkConfig}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code clerk.auth.jwt-public-key}</td><td>none: the JWKS from the Backend API</td><td>Clerk's "JWT public
 * key" (PEM, {@code \n} escapes allowed): session tokens are verified against it, without any JWKS call</td></tr>
 * <tr><td>{@code clerk.auth.issuer}</td><td>none: not checked</td><td>required {@code iss} of session tokens (the
 * instance's Frontend API URL)</td></tr>
 * <tr><td>{@code clerk.auth.authorized-parties}</td><td>none: not checked</td><td>comma list of accepted {@code azp}
 * values (the origins of your front ends); when set, a token without {@code azp} is refused</td></tr>
 * <tr><td>{@code clerk.auth.clock-skew}</td><td>{@code 5s}</td><td>leeway on {@code exp}, {@code nbf} and
 * {@code iat} (at most 5 minutes)</td></tr>
 * <tr><td>{@code clerk.auth.jwks-min-refresh-interval}</td><td>{@code 30s}</td><td>least time between two JWKS fetches,
 * however many tokens with unknown key ids arrive</td></tr>
 * <tr><td>{@code clerk.auth.jwks-max-age}</td><td>{@code 1h}</td><td>a key set older than this is fetched again when
 * next used (so that withdrawn keys stop being accepted); while Clerk cannot be reached the old set is kept</td></tr>
 * <tr><td>{@code clerk.auth.api-keys}</td><td>none</td><td>comma list of {@code name:role:sha256-hex}: API keys for
 * back ends, as the hex SHA-256 of the key; role {@code admin} or {@code reader}</td></tr>
 * </table>
 *
 * <p>A malformed value is an {@link IllegalArgumentException} naming the key (and never showing a key or hash), thrown
 * when the bean is created, which the {@link Authenticator} does at application start.
 */
@ApplicationScoped
public class AuthConfig {

    /** Default leeway on token times. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    /** Largest leeway accepted: beyond it an expired token lives on for too long. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Default least time between JWKS fetches (Nimbus JOSE's own default rate limit is the same). */
    public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** Default age after which the key set is fetched again. */
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofHours(1);
    /** Smallest RSA modulus accepted for a configured public key. */
    static final int MIN_RSA_BITS = 2048;

    private static final Pattern API_KEY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> API_KEY_ROLES = Set.of(AccessRules.ADMIN, AccessRules.READER);

    /**
     * One configured API key.
     *
     * @param name   a label for logs and {@link Caller.ApiKey#name()}
     * @param role   {@value AccessRules#ADMIN} or {@value AccessRules#READER}
     * @param sha256 the SHA-256 of the key (32 bytes)
     */
    record ApiKeyHash(String name, String role, byte[] sha256) {
    }

    private Optional<RSAKey> jwtPublicKey;
    private Optional<String> issuer;
    private Set<String> authorizedParties;
    private Duration clockSkew;
    private Duration jwksMinRefreshInterval;
    private Duration jwksMaxAge;
    private List<ApiKeyHash> apiKeys;

    /** For the CDI proxy only. */
    protected AuthConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    @Inject
    public AuthConfig(Config config) {
        this.jwtPublicKey = text(config, "clerk.auth.jwt-public-key").map(AuthConfig::parsePublicKey);
        this.issuer = text(config, "clerk.auth.issuer");
        this.authorizedParties = text(config, "clerk.auth.authorized-parties").map(AuthConfig::commaList)
                .orElse(Set.of());
        this.clockSkew = ClerkConfig.duration(config, "clerk.auth.clock-skew", DEFAULT_CLOCK_SKEW);
        if (clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ClerkConfig.invalid("clerk.auth.clock-skew", "must be at most " + MAX_CLOCK_SKEW.toMinutes() + "m");
        }
        this.jwksMinRefreshInterval = ClerkConfig.duration(config, "clerk.auth.jwks-min-refresh-interval",
                DEFAULT_JWKS_MIN_REFRESH_INTERVAL);
        this.jwksMaxAge = ClerkConfig.duration(config, "clerk.auth.jwks-max-age", DEFAULT_JWKS_MAX_AGE);
        if (jwksMaxAge.compareTo(jwksMinRefreshInterval) < 0) {
            throw ClerkConfig.invalid("clerk.auth.jwks-max-age", "must not be shorter than "
                    + "clerk.auth.jwks-min-refresh-interval");
        }
        this.apiKeys = text(config, "clerk.auth.api-keys").map(AuthConfig::parseApiKeys).orElse(List.of());
    }

    /** {@code clerk.auth.jwt-public-key}: when present, the only key session tokens are verified with. */
    public Optional<RSAKey> jwtPublicKey() {
        return jwtPublicKey;
    }

    /** {@code clerk.auth.issuer}. */
    public Optional<String> issuer() {
        return issuer;
    }

    /** {@code clerk.auth.authorized-parties}; empty: {@code azp} is not checked. */
    public Set<String> authorizedParties() {
        return authorizedParties;
    }

    /** {@code clerk.auth.clock-skew}. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@code clerk.auth.jwks-min-refresh-interval}. */
    public Duration jwksMinRefreshInterval() {
        return jwksMinRefreshInterval;
    }

    /** {@code clerk.auth.jwks-max-age}. */
    public Duration jwksMaxAge() {
        return jwksMaxAge;
    }

    /** {@code clerk.auth.api-keys}. */
    List<ApiKeyHash> apiKeys() {
        return apiKeys;
    }

    @Override
    public String toString() {
        return "AuthConfig[session tokens verified with " + (jwtPublicKey.isPresent() ? "the configured public key"
                : "the instance's JWKS (refetched at most every " + jwksMinRefreshInterval.toSeconds() + " s, kept "
                        + jwksMaxAge.toSeconds() + " s)")
                + ", issuer " + issuer.map(i -> "must be " + i).orElse("not checked")
                + ", azp " + (authorizedParties.isEmpty() ? "not checked" : "one of " + authorizedParties)
                + ", clock skew " + clockSkew.toMillis() + " ms, API keys "
                + apiKeys.stream().map(k -> k.name() + " (" + k.role() + ")").toList() + "]";
    }

    private static Optional<String> text(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static Set<String> commaList(String text) {
        Set<String> values = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(part.strip());
            }
        }
        return Set.copyOf(values);
    }

    /** Reads a PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) RSA public key with the JDK. */
    static RSAKey parsePublicKey(String text) {
        String key = "clerk.auth.jwt-public-key";
        // An environment variable cannot easily hold line breaks: accept them written as \n.
        String pem = text.replace("\\n", "\n").strip();
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        if (pem.contains("-----BEGIN") && !pem.startsWith("-----BEGIN PUBLIC KEY-----")) {
            throw ClerkConfig.invalid(key, "expected a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        RSAPublicKey publicKey;
        try {
            byte[] der = Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
            publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw ClerkConfig.invalid(key, "not a PEM-encoded RSA public key");
        }
        if (publicKey.getModulus().bitLength() < MIN_RSA_BITS) {
            throw ClerkConfig.invalid(key, "an RSA key of at least " + MIN_RSA_BITS + " bits is required");
        }
        return new RSAKey.Builder(publicKey).build();
    }

    /** Parses {@code name:role:sha256-hex,...}; messages name the entry by position and name, never the hash. */
    static List<ApiKeyHash> parseApiKeys(String text) {
        String key = "clerk.auth.api-keys";
        List<ApiKeyHash> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            String where = "entry " + (i + 1);
            if (parts.length != 3) {
                throw ClerkConfig.invalid(key, where + ": expected name:role:sha256-hex");
            }
            String name = parts[0].strip();
            String role = parts[1].strip();
            String hash = parts[2].strip();
            if (!API_KEY_NAME.matcher(name).matches()) {
                throw ClerkConfig.invalid(key, where + ": the name must be 1 to 64 letters, digits, '_', '-' or '.'");
            }
            where += " (" + name + ")";
            if (!API_KEY_ROLES.contains(role)) {
                throw ClerkConfig.invalid(key, where + ": the role must be one of " + API_KEY_ROLES);
            }
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw ClerkConfig.invalid(key, where + ": expected the SHA-256 of the key as 64 hex digits"
                        + " (printf %s \"$KEY\" | sha256sum), not the key itself");
            }
            if (!names.add(name)) {
                throw ClerkConfig.invalid(key, where + ": the name is used twice");
            }
            if (!hashes.add(hash.toLowerCase(Locale.ROOT))) {
                throw ClerkConfig.invalid(key, where + ": the same key is configured twice");
            }
            keys.add(new ApiKeyHash(name, role, HexFormat.of().parseHex(hash.toLowerCase(Locale.ROOT))));
        }
        return List.copyOf(keys);
    }
}
