package io.clerkcache.metrics;

import jakarta.enterprise.inject.Instance;

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

    /**
     * @param lookup the recorder's injected {@code Instance}: an injection point, which Liberty's metric registry
     *               producer reads (through {@code BeanManager.createInstance()} it answered null)
     */
    static Meters of(Instance<Object> lookup) {
        Class<?> microProfile = visible(MICROPROFILE);
        Object registry = microProfile != null ? resolved(lookup, microProfile) : null;
        if (registry != null) {
            return OnMicroProfile.meters(registry);
        }
        Class<?> micrometer = visible(MICROMETER);
        registry = micrometer != null ? resolved(lookup, micrometer) : null;
        if (registry != null) {
            return OnMicrometer.meters(registry);
        }
        return new LocalMeters();
    }

    private static Object resolved(Instance<Object> lookup, Class<?> type) {
        Instance<?> candidate = lookup.select(type);
        return candidate.isResolvable() ? candidate.get() : null;
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
