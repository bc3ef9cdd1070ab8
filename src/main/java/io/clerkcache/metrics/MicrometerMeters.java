package io.clerkcache.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;


import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * {@link Meters} in a Micrometer {@link MeterRegistry}: the one WildFly's micrometer subsystem hands the deployment,
 * exported in Prometheus text at {@code /metrics} on the management interface (WildFly 39 has no MicroProfile Metrics).
 * The meter names are those of {@link MicroProfileMeters}, so a Prometheus series has the same name on both servers
 * ({@code clerkcache_lookups_requested_total}, {@code clerkcache_clerk_calls_seconds_count}, ...).
 *
 * <p>WildFly's registry is server-wide; what a deployment gets is a view that adds the tag {@code app} (the deployment)
 * to every meter, and it honours only the registry's own methods ({@code counter(name, tags)},
 * {@code timer(name, tags)}, ...): a meter built with {@code Counter.builder(...).register(registry)} would stay in
 * the view, never exported. Hence no descriptions and no latency buckets here ({@code _count}, {@code _sum} and
 * {@code _max} only; Liberty also exports the buckets of {@code mp.metrics.distribution.*}). {@link #close()} removes
 * the application's meters when it is undeployed, so that a redeployment starts from zero.
 */
public final class MicrometerMeters implements Meters, AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> registered = new ArrayList<>();
    private final List<LongSupplier> gaugeValues = new ArrayList<>();

    public MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    private synchronized <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    @Override
    public Count counter(String name, String description, String... tags) {
        Counter c = keep(registry.counter(name, Tags.of(tags)));
        return new Count() {
            @Override
            public void add(long n) {
                c.increment(n);
            }

            @Override
            public long count() {
                return (long) c.count();
            }
        };
    }

    @Override
    public Timing timer(String name, String description, String... tags) {
        Timer t = keep(registry.timer(name, Tags.of(tags)));
        return new Timing() {
            @Override
            public void record(long nanos) {
                t.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public long count() {
                return t.count();
            }

            @Override
            public long totalNanos() {
                return (long) t.totalTime(TimeUnit.NANOSECONDS);
            }
        };
    }

    @Override
    public Distribution histogram(String name, String description, String unit, String... tags) {
        DistributionSummary h = keep(registry.summary(name, Tags.of(tags)));
        return new Distribution() {
            @Override
            public void record(long value) {
                h.record(value);
            }

            @Override
            public long count() {
                return h.count();
            }

            @Override
            public long sum() {
                return (long) h.totalAmount();
            }
        };
    }

    @Override
    public void gauge(String name, String description, LongSupplier value, String... tags) {
        // the registry holds a gauge's object weakly: this class keeps it for the application's lifetime
        synchronized (this) {
            gaugeValues.add(value);
        }
        registry.gauge(name, Tags.of(tags), value, v -> (double) v.getAsLong());
        Gauge g = registry.find(name).tags(tags).gauge();
        if (g != null) {
            keep(g);
        }
    }

    /** Removes this application's meters from the server's registry. */
    @Override
    public synchronized void close() {
        registered.forEach(registry::remove);
        registered.clear();
        gaugeValues.clear();
    }
}
