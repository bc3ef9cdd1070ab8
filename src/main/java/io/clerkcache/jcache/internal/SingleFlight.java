package io.clerkcache.jcache.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loads in flight in this JVM, per cache name and key: concurrent misses of one key join the first one, and
 * invalidations of a key mark its load so the load does not write an older copy after them.
 */
final class SingleFlight {

    record Key(String cacheName, Object key) {
    }

    /** One load in flight: its outcome, and whether an invalidation overtook it. */
    static final class Flight {
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        private boolean invalidated; // guarded by this

        /**
         * Runs {@code put} unless an invalidation of this key happened since the load started. The lock makes
         * "check, then put" atomic with respect to {@link #invalidate()}: an invalidation either comes first (the put
         * is skipped) or waits for the put and then removes/overwrites what it wrote.
         */
        synchronized boolean putIfCurrent(Runnable put) {
            if (invalidated) {
                return false;
            }
            put.run();
            return true;
        }

        synchronized void invalidate() {
            invalidated = true;
        }
    }

    private final Map<Key, Flight> flights = new ConcurrentHashMap<>();

    /** Registers {@code flight} for the key; returns the flight already running for it, or null if {@code flight} leads. */
    Flight join(Key key, Flight flight) {
        return flights.putIfAbsent(key, flight);
    }

    void finish(Key key, Flight flight) {
        flights.remove(key, flight);
    }

    /** Marks the load of {@code key} in {@code cacheName} (if any) as overtaken by an invalidation. */
    void invalidate(String cacheName, Object key) {
        Flight f = flights.get(new Key(cacheName, key));
        if (f != null) {
            f.invalidate();
        }
    }

    /** Marks every load in {@code cacheName} as overtaken by an invalidation. */
    void invalidateAll(String cacheName) {
        flights.forEach((k, f) -> {
            if (k.cacheName().equals(cacheName)) {
                f.invalidate();
            }
        });
    }
}
