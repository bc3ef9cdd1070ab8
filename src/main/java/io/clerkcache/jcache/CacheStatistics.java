package io.clerkcache.jcache;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-cache counters of everything {@link CacheObserver} reports (hits, misses, negative hits, loads, load
 * failures, backend errors, single-flight waits and timeouts), for an operations layer to read and publish.
 *
 * <p>Counting starts with the application; the counters are never reset. Reading is cheap and never blocks the
 * cached calls.
 */
@ApplicationScoped
public class CacheStatistics {

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final CacheObserver recorder = new Recorder();

    /** The counters of one cache at the moment of reading. */
    public record Snapshot(long hits, long misses, long negativeHits, long loads, long loadFailures,
                           long backendErrors, long singleFlightWaits, long singleFlightTimeouts,
                           Duration totalLoadTime) {
        /** All zero: a cache nothing has happened to yet. */
        public static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO);
    }

    /**
     * The plain object behind this bean that records the events; the library notifies it directly, which spares
     * every cache hit a call through this bean's client proxy. Not needed by applications.
     */
    public CacheObserver recorder() {
        return recorder;
    }

    /** The counters of {@code cacheName}; all zero if nothing happened to it. */
    public Snapshot snapshot(String cacheName) {
        Counters c = counters.get(requireNonNull(cacheName, "cacheName"));
        return c == null ? Snapshot.EMPTY : c.snapshot();
    }

    /** The counters of every cache something happened to, sorted by name. */
    public Map<String, Snapshot> snapshots() {
        Map<String, Snapshot> result = new TreeMap<>();
        counters.forEach((name, c) -> result.put(name, c.snapshot()));
        return result;
    }

    private Counters of(String cacheName) {
        // get first: computeIfAbsent locks a bin even when the key is present, and this is on the hit path
        Counters c = counters.get(cacheName);
        return c != null ? c : counters.computeIfAbsent(cacheName, n -> new Counters());
    }

    /** Counts what {@link CacheObserver} reports into {@link #counters}. */
    private final class Recorder implements CacheObserver {
        @Override
        public void onHit(String cacheName) {
            of(cacheName).hits.increment();
        }

        @Override
        public void onMiss(String cacheName) {
            of(cacheName).misses.increment();
        }

        @Override
        public void onNegativeHit(String cacheName) {
            of(cacheName).negativeHits.increment();
        }

        @Override
        public void onLoad(String cacheName, Duration duration) {
            Counters c = of(cacheName);
            c.loads.increment();
            c.loadNanos.add(duration.toNanos());
        }

        @Override
        public void onLoadFailure(String cacheName, Duration duration, Throwable failure) {
            Counters c = of(cacheName);
            c.loadFailures.increment();
            c.loadNanos.add(duration.toNanos());
        }

        @Override
        public void onBackendError(String cacheName, BackendOperation operation, RuntimeException error) {
            of(cacheName).backendErrors.increment();
        }

        @Override
        public void onSingleFlightWait(String cacheName) {
            of(cacheName).singleFlightWaits.increment();
        }

        @Override
        public void onSingleFlightTimeout(String cacheName) {
            of(cacheName).singleFlightTimeouts.increment();
        }
    }

    private static final class Counters {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder negativeHits = new LongAdder();
        final LongAdder loads = new LongAdder();
        final LongAdder loadFailures = new LongAdder();
        final LongAdder backendErrors = new LongAdder();
        final LongAdder singleFlightWaits = new LongAdder();
        final LongAdder singleFlightTimeouts = new LongAdder();
        final LongAdder loadNanos = new LongAdder();

        Snapshot snapshot() {
            return new Snapshot(hits.sum(), misses.sum(), negativeHits.sum(), loads.sum(), loadFailures.sum(),
                    backendErrors.sum(), singleFlightWaits.sum(), singleFlightTimeouts.sum(),
                    Duration.ofNanos(loadNanos.sum()));
        }
    }
}
