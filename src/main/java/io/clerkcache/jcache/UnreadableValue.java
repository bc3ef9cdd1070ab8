package io.clerkcache.jcache;

import static java.util.Objects.requireNonNull;

/**
 * What a codec of a remote cache may hand back for stored bytes it cannot accept: not its format, a version it does
 * not know, or an integrity tag that does not match (a value written by anything but this application). The load
 * path treats it as a miss, never as a value, and writes the next load over it with {@code replace}; for that the
 * codec must encode an {@code UnreadableValue} back to exactly the {@link #raw()} text it came from.
 *
 * @param raw the stored text, as read
 */
public record UnreadableValue(String raw) {

    /** Validates the value. */
    public UnreadableValue {
        requireNonNull(raw, "raw");
    }

    @Override
    public String toString() {
        return "UnreadableValue[" + raw.length() + " chars]"; // the text may be anything: never log it whole
    }
}
