package io.clerkcache.metrics;

/**
 * Where the {@link Recorder}'s numbers live: MicroProfile Metrics on the server ({@link MicroProfileMeters}), or
 * plain counters in this JVM where no metrics runtime is present ({@link LocalMeters}: unit tests, a module using the
 * classes without the server's metrics feature). The recorder reads its numbers back from the same meters, so the
 * stats endpoint and {@code /metrics} always agree.
 *
 * <p>Tags are given as name/value pairs: {@code counter("x", "...", "layer", "memo")}.
 */
public interface Meters {

    /** A monotonic count. */
    interface Count {
        void add(long n);

        long count();
    }

    /** Durations: how many, and their sum. */
    interface Timing {
        void record(long nanos);

        long count();

        long totalNanos();
    }

    /** Sizes (ids per batch, say): how many, and their sum. */
    interface Distribution {
        void record(long value);

        long count();

        long sum();
    }

    Count counter(String name, String description, String... tags);

    Timing timer(String name, String description, String... tags);

    Distribution histogram(String name, String description, String unit, String... tags);

    /** A value read when the meters are exported (a state as a number, say); registered once per name and tags. */
    void gauge(String name, String description, java.util.function.LongSupplier value, String... tags);
}
