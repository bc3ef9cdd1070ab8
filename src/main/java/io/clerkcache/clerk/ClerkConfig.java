package io.clerkcache.clerk;

import io.clerkcache.config.Settings;

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
 * The Clerk client's settings ({@code clerk.secret-key}, {@code clerk.demo-mode}, {@code clerk.api-url},
 * {@code clerk.api-version}, {@code clerk.connect-timeout}, {@code clerk.read-timeout}, {@code clerk.read-retries},
 * {@code clerk.retry-backoff}, the request budget and bulkhead ({@code clerk.rate-limit.requests},
 * {@code clerk.rate-limit.window}, {@code clerk.rate-limit.max-wait}, {@code clerk.max-concurrent-calls},
 * {@code clerk.bulkhead-wait}), and {@code clerk.simulator.url}: where the client calls in demo mode), read once from
 * MicroProfile Config; this class is their only reader. Their defaults are the {@code DEFAULT_*} constants; the
 * README's configuration table documents them.
 *
 * <p><b>Demo mode</b> is on exactly when {@code clerk.demo-mode} is {@code true} ({@link #demoMode()}); the client
 * then calls the built-in simulator and the simulator's endpoints are registered. They all ask this class (or
 * {@link #demoModeSwitch(Config)}), so they can never disagree. A missing key never switches it on: without a secret
 * key and without demo mode the application refuses to start, and a secret key together with demo mode is refused
 * as well, so that a server can never quietly serve simulated users where real ones were meant.
 *
 * <p>A malformed value is an {@link IllegalArgumentException} naming the key ({@link Settings#invalid}), thrown when
 * the bean is created ({@link ClerkConfigValidation} does so while the deployment is validated). The secret key is
 * never part of a message or of {@link #toString()}.
 */
@ApplicationScoped
public class ClerkConfig {

    /** The key that switches demo mode on. */
    public static final String DEMO_MODE_KEY = "clerk.demo-mode";
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
    /** Most retries of an idempotent read. */
    public static final int MAX_READ_RETRIES = 10;
    /** Default base backoff before a retry. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default of {@code clerk.rate-limit.requests}: Clerk's production limit (1000 per 10 s) with headroom. */
    public static final int DEFAULT_RATE_LIMIT_REQUESTS = 900;
    /** Default of {@code clerk.rate-limit.window}: Clerk's rate window. */
    public static final Duration DEFAULT_RATE_LIMIT_WINDOW = Duration.ofSeconds(10);
    /** Default of {@code clerk.rate-limit.max-wait}: how long a call waits for a free request of the budget. */
    public static final Duration DEFAULT_RATE_LIMIT_MAX_WAIT = Duration.ofSeconds(1);
    /** Default of {@code clerk.max-concurrent-calls}: requests to Clerk in flight at once in this JVM. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;
    /** Default of {@code clerk.bulkhead-wait}: how long a call waits for one of those slots. */
    public static final Duration DEFAULT_BULKHEAD_WAIT = Duration.ofMillis(100);
    /**
     * Default simulator URL: this server's own HTTP port, {@code ${http.port}} being Liberty's server variable (read
     * through MicroProfile Config; {@value #DEFAULT_HTTP_PORT}, Liberty's default, where it is not set).
     */
    public static final String DEFAULT_SIMULATOR_URL = "http://127.0.0.1:${http.port}/simulator/v1";
    /**
     * The port {@link #DEFAULT_SIMULATOR_URL} uses where Liberty's {@code http.port} is not visible (on WildFly: its
     * own HTTP port, {@link WildFlyHttpPort}).
     */
    public static final String DEFAULT_HTTP_PORT = "9080";
    /** The bearer token sent to the simulator in demo mode; the simulator only checks the {@code sk_} prefix. */
    public static final String DEMO_SECRET_KEY = "sk_test_demo";

    private static final String SECRET_KEY = "clerk.secret-key";
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
    private int rateLimitRequests;
    private Duration rateLimitWindow;
    private Duration rateLimitMaxWait;
    private int maxConcurrentCalls;
    private Duration bulkheadWait;

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
        this(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    public ClerkConfig(Settings settings) {
        Optional<String> key = settings.text(SECRET_KEY);
        key.ifPresent(k -> {
            if (!k.startsWith("sk_") || k.chars().anyMatch(Character::isWhitespace)) {
                throw Settings.invalid(SECRET_KEY, "must start with sk_ and contain no spaces (value not shown)");
            }
        });
        this.secretKey = key.orElse(null);
        this.demoMode = demoModeSwitch(settings);
        if (demoMode && secretKey != null) {
            throw Settings.invalid(DEMO_MODE_KEY, "demo mode is on but clerk.secret-key is set too; demo mode never"
                    + " calls Clerk: unset one of them (with mvn liberty:run, add -Dliberty.var.clerk.demo-mode=false"
                    + " to use the key)");
        }
        if (!demoMode && secretKey == null) {
            throw Settings.invalid(SECRET_KEY, "missing: set it to the instance's Backend API secret key (sk_...), or"
                    + " set " + DEMO_MODE_KEY + "=true (env CLERK_DEMO_MODE) to run against the built-in Clerk"
                    + " simulator instead of Clerk");
        }
        this.apiUrl = httpUrl("clerk.api-url", settings.text("clerk.api-url", DEFAULT_API_URL));
        if (!demoMode && "http".equals(apiUrl.getScheme()) && !isLoopback(apiUrl.getHost())) {
            // The secret key travels in every request's Authorization header.
            throw Settings.invalid("clerk.api-url", "plain http would send the secret key unencrypted; use https"
                    + " (http is accepted only to a loopback address), got " + ClerkIds.abbreviate(apiUrl.toString()));
        }
        this.apiVersion = settings.text("clerk.api-version", DEFAULT_API_VERSION);
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw Settings.invalid("clerk.api-version", "expected a date YYYY-MM-DD, got "
                    + ClerkIds.abbreviate(apiVersion));
        }
        this.connectTimeout = settings.positiveDuration("clerk.connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        this.readTimeout = settings.positiveDuration("clerk.read-timeout", DEFAULT_READ_TIMEOUT);
        this.retryBackoff = settings.duration("clerk.retry-backoff", DEFAULT_RETRY_BACKOFF);
        this.readRetries = settings.integer("clerk.read-retries", DEFAULT_READ_RETRIES);
        if (readRetries < 0 || readRetries > MAX_READ_RETRIES) {
            throw Settings.invalid("clerk.read-retries", "must be between 0 and " + MAX_READ_RETRIES + ", got "
                    + readRetries);
        }
        this.rateLimitRequests = settings.integer("clerk.rate-limit.requests", DEFAULT_RATE_LIMIT_REQUESTS);
        if (rateLimitRequests < 1) {
            throw Settings.invalid("clerk.rate-limit.requests", "must be at least 1 request per window, was "
                    + rateLimitRequests);
        }
        this.rateLimitWindow = settings.positiveDuration("clerk.rate-limit.window", DEFAULT_RATE_LIMIT_WINDOW);
        if (rateLimitWindow.compareTo(Duration.ofMillis(100)) < 0) {
            throw Settings.invalid("clerk.rate-limit.window", "must be at least 100ms, was "
                    + rateLimitWindow.toMillis() + "ms");
        }
        this.rateLimitMaxWait = settings.duration("clerk.rate-limit.max-wait", DEFAULT_RATE_LIMIT_MAX_WAIT);
        this.maxConcurrentCalls = settings.integer("clerk.max-concurrent-calls", DEFAULT_MAX_CONCURRENT_CALLS);
        if (maxConcurrentCalls < 1) {
            throw Settings.invalid("clerk.max-concurrent-calls", "must be at least 1, was " + maxConcurrentCalls);
        }
        this.bulkheadWait = settings.duration("clerk.bulkhead-wait", DEFAULT_BULKHEAD_WAIT);
        String simulator = settings.text("clerk.simulator.url", DEFAULT_SIMULATOR_URL);
        String port = settings.text("http.port", WildFlyHttpPort.orElse(DEFAULT_HTTP_PORT));
        this.simulatorUrl = httpUrl("clerk.simulator.url", simulator.replace("${http.port}", port));
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
        return demoModeSwitch(new Settings(config));
    }

    private static boolean demoModeSwitch(Settings settings) {
        return settings.bool(DEMO_MODE_KEY, false);
    }

    /**
     * The base URL calls go to: {@link #simulatorUrl()} in demo mode, {@link #apiUrl()} otherwise. No trailing slash.
     */
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

    /** {@code clerk.rate-limit.requests}: requests to Clerk per {@link #rateLimitWindow()}, all instances together. */
    public int rateLimitRequests() {
        return rateLimitRequests;
    }

    /** {@code clerk.rate-limit.window}. */
    public Duration rateLimitWindow() {
        return rateLimitWindow;
    }

    /** {@code clerk.rate-limit.max-wait}: the longest a call waits for the budget (never beyond its deadline). */
    public Duration rateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    /** {@code clerk.max-concurrent-calls}: requests to Clerk in flight at once in this JVM. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** {@code clerk.bulkhead-wait}: the longest a call waits for a free slot (never beyond its deadline). */
    public Duration bulkheadWait() {
        return bulkheadWait;
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
                + readTimeout.toMillis() + " ms, retries " + readRetries + ", budget " + rateLimitRequests + " per "
                + rateLimitWindow.toMillis() + " ms, at most " + maxConcurrentCalls + " in flight]";
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
                throw Settings.invalid(key, "expected an absolute http(s) URL without query, got "
                        + ClerkIds.abbreviate(text));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw Settings.invalid(key, "not a URL: " + ClerkIds.abbreviate(text));
        }
    }
}
