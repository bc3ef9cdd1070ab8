package io.clerkcache.metrics;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Chooses the {@link Meters} of the server the application runs on: MicroProfile Metrics (Open Liberty), else a
 * Micrometer registry (WildFly's micrometer subsystem), else counters of this JVM. Each API is looked for by class
 * name before any class that uses it is loaded, so that a server without it (WildFly 39 has no MicroProfile Metrics,
 * Liberty shows no Micrometer) never sees a missing class.
 */
final class ServerMeters {

    private static final String MICROPROFILE = "org.eclipse.microprofile.metrics.MetricRegistry";
    private static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";

    private ServerMeters() {
    }

    static Meters of(BeanManager beans) {
        Instance<Object> lookup = beans.createInstance();
        Class<?> microProfile = visible(MICROPROFILE);
        if (microProfile != null && lookup.select(microProfile).isResolvable()) {
            return OnMicroProfile.meters(lookup.select(microProfile).get());
        }
        Class<?> micrometer = visible(MICROMETER);
        if (micrometer != null && lookup.select(micrometer).isResolvable()) {
            return OnMicrometer.meters(lookup.select(micrometer).get());
        }
        return new LocalMeters();
    }

    private static Class<?> visible(String className) {
        try {
            return Class.forName(className, false, ServerMeters.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    /** Loaded only once MicroProfile Metrics is known to be there. */
    private static final class OnMicroProfile {
        static Meters meters(Object registry) {
            return new MicroProfileMeters((org.eclipse.microprofile.metrics.MetricRegistry) registry);
        }
    }

    /** Loaded only once Micrometer is known to be there. */
    private static final class OnMicrometer {
        static Meters meters(Object registry) {
            return new MicrometerMeters((io.micrometer.core.instrument.MeterRegistry) registry);
        }
    }
}
