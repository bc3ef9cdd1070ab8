package io.clerkcache.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads durations from configuration in the forms operators write: {@code 300s}, {@code 500ms}, {@code 5m},
 * {@code 2h}, {@code 1d}, a bare number of seconds ({@code 300}), or ISO-8601 ({@code PT5M}).
 *
 * <p>The application's configuration types read durations through {@link Settings}, which parses them with
 * {@link #parse(String)}; registered through {@code META-INF/services} as well, so that an {@code @ConfigProperty
 * Duration} in the application accepts the same forms. A value in none of them is a configuration error that names
 * the value.
 */
@Priority(200)
public final class DurationConverter implements Converter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        String text = value.trim();
        if (text.isEmpty()) {
            return null; // MicroProfile Config: an empty value means "not set"
        }
        return parse(text);
    }

    /**
     * Parses one duration.
     *
     * @param text the configured text
     * @return the duration, never negative
     * @throws IllegalArgumentException if the text is not a duration in one of the supported forms
     */
    public static Duration parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalStateException(unit);
            };
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 300s, 500ms, 5m or PT5M",
                    e);
        }
    }
}
