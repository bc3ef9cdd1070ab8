package io.clerkcache.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one cache, made when the {@link Recorder} first sees the cache, so that recording a hit costs one map
 * lookup and an increment (no key built per event).
 */
final class CacheMeters {
    final Meters.Count hits;
    final Meters.Count misses;
    final Meters.Count negativeHits;
    final Meters.Timing loads;
    final Meters.Count loadFailures;
    final Meters.Count singleFlightWaits;
    final Meters.Count singleFlightTimeouts;
    final Meters.Count staleServed;
    final Meters.Count earlyRefreshes;
    final Map<String, Meters.Count> backendErrors = new ConcurrentHashMap<>();
    private volatile Meters.Count nearHits; // made on first use: only caches with a near cache have them
    private volatile Meters.Count nearMisses;
    private final Meters meters;
    private final String cache;

    CacheMeters(Meters meters, String cache) {
        this.meters = meters;
        this.cache = cache;
        hits = lookups("hit");
        misses = lookups("miss");
        negativeHits = lookups("negative-hit");
        loads = meters.timer("clerkcache.cache.loads", "Loads of missing entries (Clerk calls included)",
                "cache", cache);
        loadFailures = meters.counter("clerkcache.cache.load.failures", "Loads that failed", "cache", cache);
        singleFlightWaits = meters.counter("clerkcache.cache.singleflight.waits",
                "Lookups that waited for another's load", "cache", cache);
        singleFlightTimeouts = meters.counter("clerkcache.cache.singleflight.timeouts",
                "Waits for another's load that gave up and loaded", "cache", cache);
        staleServed = meters.counter("clerkcache.cache.stale.served",
                "Lookups answered with a copy past its freshness because its reload failed (stale-if-error)",
                "cache", cache);
        earlyRefreshes = meters.counter("clerkcache.cache.early.refreshes",
                "Fresh entries reloaded early by probabilistic early refresh", "cache", cache);
    }

    private Meters.Count lookups(String result) {
        return meters.counter("clerkcache.cache.lookups",
                "Lookups that reached the shared cache, by cache and result", "cache", cache, "result", result);
    }

    /** The near cache's hits or misses (reads that went on to Redis). */
    Meters.Count near(boolean hit) {
        Meters.Count c = hit ? nearHits : nearMisses;
        if (c == null) {
            synchronized (this) {
                c = hit ? nearHits : nearMisses;
                if (c != null) {
                    return c;
                }
                c = meters.counter("clerkcache.cache.near.lookups", "Reads of the near cache in front of Redis",
                        "cache", cache, "result", hit ? "hit" : "miss");
                if (hit) {
                    nearHits = c;
                } else {
                    nearMisses = c;
                }
            }
        }
        return c;
    }

    /** The near cache's hits or misses so far, without making its meters. */
    long nearCount(boolean hit) {
        Meters.Count c = hit ? nearHits : nearMisses;
        return c == null ? 0 : c.count();
    }

    Meters.Count backendErrors(String operation) {
        return backendErrors.computeIfAbsent(operation, op -> meters.counter("clerkcache.cache.backend.errors",
                "Cache backend (Redis) operations that failed", "cache", cache, "operation", op));
    }
}
