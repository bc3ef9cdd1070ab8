package io.clerkcache.users.cache;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.clerkcache.config.Settings;

/** A memory size setting: a share of the maximum heap ({@code 25%}) or bytes with an optional unit. */
final class MemorySize {

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,2}(?:\\.\\d+)?)%");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmg]?)i?b?");

    private MemorySize() {
    }

    /**
     * Parses {@code text}: {@code N%} of {@code maxHeap} (more than 0, less than 100), or a number of bytes with an
     * optional unit {@code k}, {@code m} or {@code g} (powers of 1024; {@code 64m}, {@code 64MiB}, {@code 64MB} are the
     * same), at least 1 MiB.
     *
     * @throws IllegalArgumentException naming {@code key}
     */
    static long parse(String key, String text, long maxHeap) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher percent = PERCENT.matcher(value);
        long bytes;
        if (percent.matches()) {
            double share = Double.parseDouble(percent.group(1));
            if (share <= 0) {
                throw invalid(key, text);
            }
            bytes = (long) (maxHeap * share / 100);
        } else {
            Matcher size = SIZE.matcher(value);
            if (!size.matches()) {
                throw invalid(key, text);
            }
            int shift = switch (size.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            long number = Long.parseLong(size.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw invalid(key, text);
            }
            bytes = number << shift;
        }
        if (bytes < (1 << 20)) {
            throw Settings.invalid(key, "must come to at least 1 MiB, was " + text.strip() + " (" + bytes
                    + " bytes)");
        }
        return bytes;
    }

    private static IllegalArgumentException invalid(String key, String text) {
        return Settings.invalid(key, "must be a share of the heap such as 25% or a size such as 64m, 512k, 1g or a"
                + " number of bytes, was '" + text.strip() + "'");
    }
}
