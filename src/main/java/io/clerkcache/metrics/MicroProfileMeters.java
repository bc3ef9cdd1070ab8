package io.clerkcache.metrics;

import java.time.Duration;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * {@link Meters} in the application's MicroProfile Metrics registry: what {@code /metrics} exports (Prometheus text,
 * e.g. {@code clerkcache_lookups_total{layer="memo",result="hit",mp_scope="application"}}).
 */
public final class MicroProfileMeters implements Meters {

    private final MetricRegistry registry;

    public MicroProfileMeters(MetricRegistry registry) {
        this.registry = registry;
    }

    private static Tag[] tags(String... pairs) {
        Tag[] tags = new Tag[pairs.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(pairs[2 * i], pairs[2 * i + 1]);
        }
        return tags;
    }

    @Override
    public Count counter(String name, String description, String... tags) {
        Counter c = registry.counter(Metadata.builder().withName(name).withDescription(description).build(),
                tags(tags));
        return new Count() {
            @Override
            public void add(long n) {
                c.inc(n);
            }

            @Override
            public long count() {
                return c.getCount();
            }
        };
    }

    @Override
    public Timing timer(String name, String description, String... tags) {
        Timer t = registry.timer(Metadata.builder().withName(name).withDescription(description)
                .withUnit(MetricUnits.NANOSECONDS).build(), tags(tags));
        return new Timing() {
            @Override
            public void record(long nanos) {
                t.update(Duration.ofNanos(nanos));
            }

            @Override
            public long count() {
                return t.getCount();
            }

            @Override
            public long totalNanos() {
                return t.getElapsedTime().toNanos();
            }
        };
    }

    @Override
    public Distribution histogram(String name, String description, String unit, String... tags) {
        Histogram h = registry.histogram(Metadata.builder().withName(name).withDescription(description)
                .withUnit(unit).build(), tags(tags));
        return new Distribution() {
            @Override
            public void record(long value) {
                h.update(value);
            }

            @Override
            public long count() {
                return h.getCount();
            }

            @Override
            public long sum() {
                return h.getSum();
            }
        };
    }

    @Override
    public void gauge(String name, String description, java.util.function.LongSupplier value, String... tags) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                (java.util.function.Supplier<Long>) value::getAsLong, tags(tags));
    }
}
