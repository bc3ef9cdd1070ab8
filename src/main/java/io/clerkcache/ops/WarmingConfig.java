package io.clerkcache.ops;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.config.Settings;

/**
 * Settings of cache warming ({@link UserWarming}, {@link DeployTimeWarming}), read once from MicroProfile Config; this
 * class is the only reader of these keys, and their defaults are its {@code DEFAULT_*} constants (the README's
 * configuration table documents them). Warming at deployment is off unless {@code clerk.warm.ids} or
 * {@code clerk.warm.recent} is set; both may be, and then their union is warmed.
 *
 * <ul>
 * <li>{@code clerk.warm.ids}: user ids to warm at deployment (comma list);</li>
 * <li>{@code clerk.warm.recent}: warm the N most recently active users at deployment, listed by Clerk
 * ({@code order_by=-last_active_at}); at most {@value #MAX_RECENT}; 0: off;</li>
 * <li>{@code clerk.warm.rate}: most Clerk calls per second that warming makes, all warmings of this instance together,
 * so that live lookups keep Clerk's budget;</li>
 * <li>{@code clerk.warm.max-wait}: how long warming waits, per call, for Clerk's rate limit to lift
 * ({@code Retry-After}) or for Clerk to answer again, before it gives up.</li>
 * </ul>
 */
@ApplicationScoped
public class WarmingConfig {

    /** Default of {@code clerk.warm.recent}: no recently active users are warmed. */
    public static final int DEFAULT_RECENT = 0;
    /** Default of {@code clerk.warm.rate}, in Clerk calls per second. */
    public static final double DEFAULT_RATE = 5;
    /** Default of {@code clerk.warm.max-wait}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    /** Largest {@code clerk.warm.recent}. */
    public static final int MAX_RECENT = 100_000;

    private List<String> ids;
    private int recent;
    private double callsPerSecond;
    private Duration maxWait;

    /** For the CDI proxy only. */
    protected WarmingConfig() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of a malformed setting
     */
    @Inject
    public WarmingConfig(Config config) {
        this(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of a malformed setting
     */
    public WarmingConfig(Settings settings) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : settings.list("clerk.warm.ids", List.of())) {
            if (!ClerkIds.isValidUserId(id)) {
                throw Settings.invalid("clerk.warm.ids", "not a Clerk user id: " + shown(id));
            }
            distinct.add(id);
        }
        this.ids = List.copyOf(distinct);
        this.recent = settings.integer("clerk.warm.recent", DEFAULT_RECENT);
        if (recent < 0 || recent > MAX_RECENT) {
            throw Settings.invalid("clerk.warm.recent", "must be between 0 (off) and " + MAX_RECENT + ", got "
                    + recent);
        }
        this.callsPerSecond = settings.number("clerk.warm.rate", DEFAULT_RATE);
        if (!(callsPerSecond > 0)) {
            throw Settings.invalid("clerk.warm.rate", "must be a positive number of Clerk calls per second, got "
                    + callsPerSecond);
        }
        this.maxWait = settings.duration("clerk.warm.max-wait", DEFAULT_MAX_WAIT);
    }

    /** The ids to warm at deployment ({@code clerk.warm.ids}), each once, valid. */
    public List<String> ids() {
        return ids;
    }

    /** How many of the most recently active users to warm at deployment ({@code clerk.warm.recent}); 0: none. */
    public int recent() {
        return recent;
    }

    /** Most Clerk calls per second for warming ({@code clerk.warm.rate}). */
    public double callsPerSecond() {
        return callsPerSecond;
    }

    /** How long one warming call waits for the rate limit or for Clerk, then gives up ({@code clerk.warm.max-wait}). */
    public Duration maxWait() {
        return maxWait;
    }

    /** Whether anything is to be warmed at deployment. */
    public boolean atDeployment() {
        return !ids.isEmpty() || recent > 0;
    }

    @Override
    public String toString() {
        return "ids " + ids.size() + ", recent " + recent + ", rate " + callsPerSecond + "/s, max wait "
                + maxWait.toMillis() + " ms";
    }

    /** A value from configuration or a caller, shortened and made printable, for messages. */
    static String shown(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
