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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import com.nimbusds.jose.jwk.RSAKey;

import io.clerkcache.config.Settings;

/**
 * How callers authenticate, read once from MicroProfile Config; this class is the only reader of these keys, and
 * their defaults are its {@code DEFAULT_*} constants (the README's configuration table documents them).
 *
 * <ul>
 * <li>{@code clerk.auth.jwt-public-key}: Clerk's "JWT public key" (PEM, {@code \n} escapes allowed); when set,
 * session tokens are verified against it, without any JWKS call;</li>
 * <li>{@code clerk.auth.issuer}: required {@code iss} of session tokens (the instance's Frontend API URL);</li>
 * <li>{@code clerk.auth.authorized-parties}: comma list of accepted {@code azp} values (the origins of your front
 * ends); when set, a token without {@code azp} is refused;</li>
 * <li>{@code clerk.auth.clock-skew}: leeway on {@code exp}, {@code nbf} and {@code iat}, at most
 * {@link #MAX_CLOCK_SKEW};</li>
 * <li>{@code clerk.auth.jwks-min-refresh-interval}: least time between two JWKS fetches, however many tokens with
 * unknown key ids arrive;</li>
 * <li>{@code clerk.auth.jwks-max-age}: a key set older than this is fetched again when next used (so that withdrawn
 * keys stop being accepted); while Clerk cannot be reached the old set is kept;</li>
 * <li>{@code clerk.auth.api-keys}: comma list of {@code name:role:sha256-hex}: API keys for back ends, as the hex
 * SHA-256 of the key; role {@code admin} or {@code reader}.</li>
 * </ul>
 *
 * <p>What authenticated callers may read is {@link AccessPolicy}'s. A malformed value is an
 * {@link IllegalArgumentException} naming the key (and never showing a key or hash), thrown when the bean is created,
 * which the {@link Authenticator} does at application start.
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
        this(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    public AuthConfig(Settings settings) {
        this.jwtPublicKey = settings.text("clerk.auth.jwt-public-key").map(AuthConfig::parsePublicKey);
        this.issuer = settings.text("clerk.auth.issuer");
        this.authorizedParties = Set.copyOf(settings.list("clerk.auth.authorized-parties", List.of()));
        this.clockSkew = settings.duration("clerk.auth.clock-skew", DEFAULT_CLOCK_SKEW);
        if (clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw Settings.invalid("clerk.auth.clock-skew", "must be at most " + MAX_CLOCK_SKEW.toMinutes() + "m");
        }
        this.jwksMinRefreshInterval = settings.duration("clerk.auth.jwks-min-refresh-interval",
                DEFAULT_JWKS_MIN_REFRESH_INTERVAL);
        this.jwksMaxAge = settings.duration("clerk.auth.jwks-max-age", DEFAULT_JWKS_MAX_AGE);
        if (jwksMaxAge.compareTo(jwksMinRefreshInterval) < 0) {
            throw Settings.invalid("clerk.auth.jwks-max-age", "must not be shorter than "
                    + "clerk.auth.jwks-min-refresh-interval");
        }
        this.apiKeys = settings.text("clerk.auth.api-keys").map(AuthConfig::parseApiKeys).orElse(List.of());
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

    /** Reads a PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) RSA public key with the JDK. */
    static RSAKey parsePublicKey(String text) {
        String key = "clerk.auth.jwt-public-key";
        // An environment variable cannot easily hold line breaks: accept them written as \n.
        String pem = text.replace("\\n", "\n").strip();
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        if (pem.contains("-----BEGIN") && !pem.startsWith("-----BEGIN PUBLIC KEY-----")) {
            throw Settings.invalid(key, "expected a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        RSAPublicKey publicKey;
        try {
            byte[] der = Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
            publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw Settings.invalid(key, "not a PEM-encoded RSA public key");
        }
        if (publicKey.getModulus().bitLength() < MIN_RSA_BITS) {
            throw Settings.invalid(key, "an RSA key of at least " + MIN_RSA_BITS + " bits is required");
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
                throw Settings.invalid(key, where + ": expected name:role:sha256-hex");
            }
            String name = parts[0].strip();
            String role = parts[1].strip();
            String hash = parts[2].strip();
            if (!API_KEY_NAME.matcher(name).matches()) {
                throw Settings.invalid(key, where + ": the name must be 1 to 64 letters, digits, '_', '-' or '.'");
            }
            where += " (" + name + ")";
            if (!API_KEY_ROLES.contains(role)) {
                throw Settings.invalid(key, where + ": the role must be one of " + API_KEY_ROLES);
            }
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw Settings.invalid(key, where + ": expected the SHA-256 of the key as 64 hex digits"
                        + " (printf %s \"$KEY\" | sha256sum), not the key itself");
            }
            if (!names.add(name)) {
                throw Settings.invalid(key, where + ": the name is used twice");
            }
            if (!hashes.add(hash.toLowerCase(Locale.ROOT))) {
                throw Settings.invalid(key, where + ": the same key is configured twice");
            }
            keys.add(new ApiKeyHash(name, role, HexFormat.of().parseHex(hash.toLowerCase(Locale.ROOT))));
        }
        return List.copyOf(keys);
    }
}
