package io.clerkcache.clerk;

import io.clerkcache.config.DurationConverter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The Clerk client's settings, read once from MicroProfile Config. Every key can also be given as an environment
 * variable by the usual MicroProfile mapping ({@code clerk.secret-key} → {@code CLERK_SECRET_KEY}).
 *
 * <p>Durations are written as a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 * ({@code 500ms}, {@code 2s}), as a bare number of seconds, or in ISO-8601 ({@code PT2S}): the same forms as the
 * application's {@code Duration} converter.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code clerk.secret-key}</td><td>none (required unless demo mode)</td><td>Backend API secret key,
 * {@code sk_...}</td></tr>
 * <tr><td>{@code clerk.demo-mode}</td><td>{@code false}</td><td>{@code true}: call the built-in simulator instead of
 * Clerk; {@code mvn liberty:run} switches it on for the development server</td></tr>
 * <tr><td>{@code clerk.api-url}</td><td>{@code https://api.clerk.com/v1}</td><td>Backend API base URL; plain
 * {@code http} only to a loopback address</td></tr>
 * <tr><td>{@code clerk.api-version}</td><td>{@code 2026-05-12}</td><td>{@code Clerk-API-Version} header</td></tr>
 * <tr><td>{@code clerk.connect-timeout}</td><td>{@code 2s}</td><td>TCP/TLS connect timeout</td></tr>
 * <tr><td>{@code clerk.read-timeout}</td><td>{@code 5s}</td><td>time allowed for one request's response</td></tr>
 * <tr><td>{@code clerk.read-retries}</td><td>{@code 2}</td><td>extra attempts of a GET after 5xx, timeout or
 * connection error (0 to 10)</td></tr>
 * <tr><td>{@code clerk.retry-backoff}</td><td>{@code 100ms}</td><td>base delay before a retry; doubled per attempt,
 * jittered between half and all of it</td></tr>
 * <tr><td>{@code clerk.simulator.url}</td><td>{@code http://127.0.0.1:${http.port}/simulator/v1}</td><td>base URL
 * used instead of {@code clerk.api-url} in demo mode</td></tr>
 * </table>
 *
 * <p><b>Demo mode</b> is on exactly when {@code clerk.demo-mode} is {@code true} ({@link #demoMode()}); the client
 * then calls the built-in simulator and the simulator's endpoints are registered. They all ask this class (or
 * {@link #demoModeSwitch(Config)}), so they can never disagree. A missing key never switches it on: without a secret
 * key and without demo mode the application refuses to start, and a secret key together with demo mode is refused
 * as well, so that a server can never quietly serve simulated users where real ones were meant.
 *
 * <p>A malformed value is an {@link IllegalArgumentException} naming the key, thrown when the bean is created (the
 * client creates it at application start). The secret key is never part of a message or of {@link #toString()}.
 */
@ApplicationScoped
public class ClerkConfig {

    /** Default Backend API base URL. */
    public static final String DEFAULT_API_URL = "https://api.clerk.com/v1";
    /** Default {@code Clerk-API-Version}: the version whose User schema this project follows. */
    public static final String DEFAULT_API_VERSION = "2026-05-12";
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default per-request response timeout: generous for a 100-user list, short enough to fail over to stale data. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of retries of an idempotent read. */
    public static final int DEFAULT_READ_RETRIES = 2;
    /** Default base backoff before a retry. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Simulator URL used when {@code clerk.simulator.url} is not set at all (microprofile-config.properties sets it). */
    public static final String DEFAULT_SIMULATOR_URL = "http://127.0.0.1:9080/simulator/v1";
    /** The bearer token sent to the simulator in demo mode; the simulator only checks the {@code sk_} prefix. */
    public static final String DEMO_SECRET_KEY = "sk_test_demo";
    /** The key that switches demo mode on. */
    public static final String DEMO_MODE_KEY = "clerk.demo-mode";

    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private String secretKey;
    private URI apiUrl;
    private String apiVersion;
    private Duration connectTimeout;
    private Duration readTimeout;
    private int readRetries;
    private Duration retryBackoff;
    private URI simulatorUrl;
    private boolean demoMode;

    /** For the CDI proxy only. */
    protected ClerkConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    @Inject
    public ClerkConfig(Config config) {
        Optional<String> key = config.getOptionalValue("clerk.secret-key", String.class)
                .map(String::strip)
                .filter(s -> !s.isEmpty());
        key.ifPresent(k -> {
            if (!k.startsWith("sk_") || k.chars().anyMatch(Character::isWhitespace)) {
                throw invalid("clerk.secret-key", "must start with sk_ and contain no spaces (value not shown)");
            }
        });
        this.secretKey = key.orElse(null);
        this.demoMode = demoModeSwitch(config);
        if (demoMode && secretKey != null) {
            throw invalid(DEMO_MODE_KEY, "demo mode is on but clerk.secret-key is set too; demo mode never calls"
                    + " Clerk: unset one of them (with mvn liberty:run, add -Dliberty.var.clerk.demo-mode=false to use"
                    + " the key)");
        }
        if (!demoMode && secretKey == null) {
            throw invalid("clerk.secret-key", "missing: set it to the instance's Backend API secret key (sk_...), or"
                    + " set " + DEMO_MODE_KEY + "=true (env CLERK_DEMO_MODE) to run against the built-in Clerk"
                    + " simulator instead of Clerk");
        }
        this.apiUrl = httpUrl("clerk.api-url", config.getOptionalValue("clerk.api-url", String.class)
                .orElse(DEFAULT_API_URL));
        if (!demoMode && "http".equals(apiUrl.getScheme()) && !isLoopback(apiUrl.getHost())) {
            // The secret key travels in every request's Authorization header.
            throw invalid("clerk.api-url", "plain http would send the secret key unencrypted; use https (http is"
                    + " accepted only to a loopback address), got " + ClerkIds.abbreviate(apiUrl.toString()));
        }
        this.apiVersion = config.getOptionalValue("clerk.api-version", String.class).orElse(DEFAULT_API_VERSION).strip();
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw invalid("clerk.api-version", "expected a date YYYY-MM-DD, got " + ClerkIds.abbreviate(apiVersion));
        }
        this.connectTimeout = positiveDuration(config, "clerk.connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        this.readTimeout = positiveDuration(config, "clerk.read-timeout", DEFAULT_READ_TIMEOUT);
        this.retryBackoff = duration(config, "clerk.retry-backoff", DEFAULT_RETRY_BACKOFF);
        String retries = config.getOptionalValue("clerk.read-retries", String.class).orElse(null);
        this.readRetries = DEFAULT_READ_RETRIES;
        if (retries != null) {
            try {
                this.readRetries = Integer.parseInt(retries.strip());
            } catch (NumberFormatException e) {
                throw invalid("clerk.read-retries", "not a number: " + ClerkIds.abbreviate(retries));
            }
            if (readRetries < 0 || readRetries > 10) {
                throw invalid("clerk.read-retries", "must be between 0 and 10, got " + readRetries);
            }
        }
        this.simulatorUrl = httpUrl("clerk.simulator.url", config.getOptionalValue("clerk.simulator.url", String.class)
                .orElse(DEFAULT_SIMULATOR_URL));
    }

    /** Whether demo mode is switched on ({@code clerk.demo-mode=true}), so that the built-in simulator plays Clerk. */
    public boolean demoMode() {
        return demoMode;
    }

    /**
     * Reads {@code clerk.demo-mode} alone, for code that runs before CDI can hand out this bean (the JAX-RS
     * application deciding which resources to register).
     *
     * @return {@code true} only for the value {@code true} (any case); unset or blank is {@code false}
     * @throws IllegalArgumentException for anything but {@code true} or {@code false}: a typo must not decide
     */
    public static boolean demoModeSwitch(Config config) {
        String value = config.getOptionalValue(DEMO_MODE_KEY, String.class).map(String::strip).orElse("");
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(DEMO_MODE_KEY, "expected true or false, got " + ClerkIds.abbreviate(value));
    }

    /** The base URL calls go to: {@link #simulatorUrl()} in demo mode, {@link #apiUrl()} otherwise. No trailing slash. */
    public URI baseUrl() {
        return demoMode() ? simulatorUrl : apiUrl;
    }

    /** {@code clerk.api-url}, without a trailing slash. */
    public URI apiUrl() {
        return apiUrl;
    }

    /** {@code clerk.simulator.url}, without a trailing slash. */
    public URI simulatorUrl() {
        return simulatorUrl;
    }

    /** {@code clerk.api-version}, sent as {@code Clerk-API-Version}. */
    public String apiVersion() {
        return apiVersion;
    }

    /** {@code clerk.connect-timeout}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@code clerk.read-timeout}. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** {@code clerk.read-retries}. */
    public int readRetries() {
        return readRetries;
    }

    /** {@code clerk.retry-backoff}. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * A key for {@code purpose} derived from the secret key (HMAC-SHA256 keyed with the secret, over the purpose), so
     * that every instance sharing the secret derives the same key without a second secret to distribute. The secret
     * itself never leaves this class.
     */
    public byte[] derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    bearerToken().getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The bearer token to send: the secret key, or {@link #DEMO_SECRET_KEY} in demo mode. Never log it. */
    String bearerToken() {
        return demoMode() ? DEMO_SECRET_KEY : secretKey;
    }

    @Override
    public String toString() {
        return "ClerkConfig[" + (demoMode() ? "demo mode, simulator " + simulatorUrl : "api " + apiUrl + ", key set")
                + ", version " + apiVersion + ", connect " + connectTimeout.toMillis() + " ms, read "
                + readTimeout.toMillis() + " ms, retries " + readRetries + "]";
    }

    /**
     * Parses a duration in this project's format (see the class comment).
     *
     * @throws IllegalArgumentException naming {@code key} when malformed or negative
     */
    public static Duration parseDuration(String key, String text) {
        try {
            return DurationConverter.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "expected a duration such as 500ms, 2s or PT2S, got " + ClerkIds.abbreviate(text));
        }
    }

    /** Reads an optional duration key with this project's format. */
    public static Duration duration(Config config, String key, Duration defaultValue) {
        return config.getOptionalValue(key, String.class).map(v -> parseDuration(key, v)).orElse(defaultValue);
    }

    /** The exception for a malformed setting: names the key and its environment variable. */
    public static IllegalArgumentException invalid(String key, String problem) {
        String env = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return new IllegalArgumentException("Invalid configuration " + key + " (env " + env + "): " + problem);
    }

    private static Duration positiveDuration(Config config, String key, Duration defaultValue) {
        Duration value = duration(config, key, defaultValue);
        if (value.isZero()) {
            throw invalid(key, "must be greater than zero");
        }
        return value;
    }

    /** Whether {@code host} (of a parsed URI) names this machine's loopback interface, without a DNS lookup. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static URI httpUrl(String key, String text) {
        String value = text.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid(key, "expected an absolute http(s) URL without query, got " + ClerkIds.abbreviate(text));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, "not a URL: " + ClerkIds.abbreviate(text));
        }
    }
}
