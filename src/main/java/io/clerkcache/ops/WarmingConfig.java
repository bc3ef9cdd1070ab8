package io.clerkcache.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.ClerkIds;

/**
 * Settings of cache warming ({@link UserWarming}, {@link DeployTimeWarming}). Warming at deployment is off unless
 * {@code clerk.warm.ids} or {@code clerk.warm.recent} is set; both may be, and then their union is warmed.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code clerk.warm.ids}</td><td>none</td><td>user ids to warm at deployment (comma list)</td></tr>
 * <tr><td>{@code clerk.warm.recent}</td><td>0 (off)</td><td>warm the N most recently active users at deployment,
 * listed by Clerk ({@code order_by=-last_active_at}); at most {@value #MAX_RECENT}</td></tr>
 * <tr><td>{@code clerk.warm.rate}</td><td>{@value #DEFAULT_RATE}</td><td>most Clerk calls per second that warming
 * makes, all warmings of this instance together, so that live lookups keep Clerk's budget</td></tr>
 * <tr><td>{@code clerk.warm.max-wait}</td><td>60s</td><td>how long warming waits, per call, for Clerk's rate limit
 * to lift ({@code Retry-After}) or for Clerk to answer again, before it gives up</td></tr>
 * </table>
 */
@ApplicationScoped
public class WarmingConfig {

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
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : config.getOptionalValues("clerk.warm.ids", String.class).orElse(List.of())) {
            String stripped = id.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            if (!ClerkIds.isValidUserId(stripped)) {
                throw ClerkConfig.invalid("clerk.warm.ids", "not a Clerk user id: " + shown(stripped));
            }
            distinct.add(stripped);
        }
        this.ids = List.copyOf(new ArrayList<>(distinct));
        String recentText = config.getOptionalValue("clerk.warm.recent", String.class).orElse("0").strip();
        try {
            this.recent = Integer.parseInt(recentText);
        } catch (NumberFormatException e) {
            throw ClerkConfig.invalid("clerk.warm.recent", "not a whole number: " + shown(recentText));
        }
        if (recent < 0 || recent > MAX_RECENT) {
            throw ClerkConfig.invalid("clerk.warm.recent", "must be between 0 (off) and " + MAX_RECENT + ", got "
                    + recent);
        }
        String rateText = config.getOptionalValue("clerk.warm.rate", String.class)
                .orElse(Double.toString(DEFAULT_RATE)).strip();
        try {
            this.callsPerSecond = Double.parseDouble(rateText);
        } catch (NumberFormatException e) {
            throw ClerkConfig.invalid("clerk.warm.rate", "not a number: " + shown(rateText));
        }
        if (!(callsPerSecond > 0) || Double.isInfinite(callsPerSecond)) {
            throw ClerkConfig.invalid("clerk.warm.rate", "must be a positive number of Clerk calls per second, got "
                    + rateText);
        }
        this.maxWait = ClerkConfig.duration(config, "clerk.warm.max-wait", DEFAULT_MAX_WAIT);
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
