package io.clerkcache.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** {@link Meters} as counters of this JVM, for where no metrics runtime is present. */
public final class LocalMeters implements Meters {

    private final Map<String, Object> meters = new ConcurrentHashMap<>();

    private static String key(String kind, String name, String... tags) {
        return kind + ' ' + name + Arrays.toString(tags);
    }

    @Override
    public Count counter(String name, String description, String... tags) {
        return (Count) meters.computeIfAbsent(key("c", name, tags), k -> new LocalCount());
    }

    @Override
    public Timing timer(String name, String description, String... tags) {
        return (Timing) meters.computeIfAbsent(key("t", name, tags), k -> new LocalSum());
    }

    @Override
    public Distribution histogram(String name, String description, String unit, String... tags) {
        return (Distribution) meters.computeIfAbsent(key("h", name, tags), k -> new LocalSum());
    }

    @Override
    public void gauge(String name, String description, java.util.function.LongSupplier value, String... tags) {
        meters.put(key("g", name, tags), value);
    }

    private static final class LocalCount implements Count {
        private final LongAdder n = new LongAdder();

        @Override
        public void add(long delta) {
            n.add(delta);
        }

        @Override
        public long count() {
            return n.sum();
        }
    }

    private static final class LocalSum implements Timing, Distribution {
        private final LongAdder n = new LongAdder();
        private final LongAdder sum = new LongAdder();

        @Override
        public void record(long value) {
            n.increment();
            sum.add(value);
        }

        @Override
        public long count() {
            return n.sum();
        }

        @Override
        public long totalNanos() {
            return sum.sum();
        }

        @Override
        public long sum() {
            return sum.sum();
        }
    }
}
