package io.clerkcache.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

/**
 * Typed reads of the application's keys from MicroProfile Config, shared by the configuration type of each concern
 * ({@code ClerkConfig}, {@code UserCacheConfig}, {@code AuthConfig}, ...). Each of those types is the only reader of
 * its keys and states each default once, as a constant it hands to a getter here; the README's configuration table
 * documents them, and a unit test holds the two together.
 *
 * <p>Why not {@code @ConfigProperties}: its beans have no hook for validation ({@code @PostConstruct} is not called
 * on them), their conversion errors quote the raw value, and they cannot be built before CDI runs (the JAX-RS
 * application reads {@code clerk.demo-mode} to choose its resources) or by hand in tests.
 *
 * <p>Every getter strips surrounding blanks, treats a blank value as unset (as MicroProfile Config does an empty one),
 * and refuses a malformed value with {@link #invalid(String, String)}: an {@link IllegalArgumentException} that names
 * the key and its environment variable. Only the typed getters quote a malformed value (a number, a duration, a
 * boolean: never a secret); {@link #text(String)} values are never quoted here, and their readers must not quote
 * secrets either.
 */
public final class Settings {

    /** Sees every key read and the default its reader passed (empty: none), for the check of the documentation. */
    @FunctionalInterface
    interface Reads {
        void read(String key, Optional<Object> defaultValue);
    }

    private final Config config;
    private final Reads reads;

    /** Reads from {@code config}. */
    public Settings(Config config) {
        this(config, (key, defaultValue) -> { });
    }

    Settings(Config config, Reads reads) {
        this.config = config;
        this.reads = reads;
    }

    /** The value of {@code key}, stripped; empty when unset or blank. */
    public Optional<String> text(String key) {
        reads.read(key, Optional.empty());
        return value(key);
    }

    /** The value of {@code key}, stripped, or {@code defaultValue} when unset or blank. */
    public String text(String key, String defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        return value(key).orElse(defaultValue);
    }

    /** A comma list: its entries stripped, blank ones left out; {@code defaultValue} when the key is unset or blank. */
    public List<String> list(String key, List<String> defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        return value(key).map(Settings::commaList).orElse(defaultValue);
    }

    /** A duration ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, bare seconds, ISO-8601). */
    public Duration duration(String key, Duration defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        return value(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
    }

    /** As {@link #duration(String, Duration)}, refusing zero. */
    public Duration positiveDuration(String key, Duration defaultValue) {
        Duration value = duration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw invalid(key, "must be greater than zero");
        }
        return value;
    }

    /** A whole number (an {@code int}). */
    public int integer(String key, int defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        Optional<String> text = value(key);
        try {
            return text.isEmpty() ? defaultValue : Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw invalid(key, "not a whole number: " + shown(text.get()));
        }
    }

    /** A whole number (a {@code long}). */
    public long longInteger(String key, long defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        Optional<String> text = value(key);
        try {
            return text.isEmpty() ? defaultValue : Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw invalid(key, "not a whole number: " + shown(text.get()));
        }
    }

    /** A finite decimal number. */
    public double number(String key, double defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            double number = Double.parseDouble(text.get());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(key, "not a number: " + shown(text.get()));
    }

    /** {@code true} or {@code false} (any case); anything else is refused rather than guessed. */
    public boolean bool(String key, boolean defaultValue) {
        reads.read(key, Optional.of(defaultValue));
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (text.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (text.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, "expected true or false, got " + shown(text.get()));
    }

    /**
     * The exception for a malformed setting: names the key and its environment variable.
     *
     * @param problem what is wrong; it must not contain a secret value
     */
    public static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("Invalid configuration " + key + " (env " + env(key) + "): " + problem);
    }

    /** The environment variable MicroProfile Config maps to {@code key}: upper case, other characters as {@code _}. */
    public static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Parses a duration as {@link DurationConverter} does.
     *
     * @throws IllegalArgumentException naming {@code key} when malformed or negative
     */
    public static Duration parseDuration(String key, String text) {
        try {
            return DurationConverter.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "expected a duration such as 500ms, 2s or PT2S, got " + shown(text));
        }
    }

    /** A value that is not secret, quoted, shortened and made printable for a message. */
    public static String shown(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }

    private Optional<String> value(String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static List<String> commaList(String text) {
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                entries.add(part.strip());
            }
        }
        return List.copyOf(entries);
    }
}
