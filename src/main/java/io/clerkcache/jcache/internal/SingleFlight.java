package io.clerkcache.jcache.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loads in flight in this JVM, per cache name and key. Concurrent misses of one key can wait for the one leading
 * load (single flight), and invalidations of a key mark every load of it in flight so that none writes an older copy
 * after the invalidation. The second part works whether or not single flight is on.
 */
final class SingleFlight {

    record Key(String cacheName, Object key) {
    }

    /** All loads of one key in flight; exists while at least one caller holds a {@link Ticket} for it. */
    static final class Flight {
        private CompletableFuture<Object> leading; // guarded by the registry's compute
        private int callers; // guarded by the registry's compute
        private long invalidations; // guarded by this
    }

    /**
     * One caller's part in a flight.
     *
     * @param leader  whether this caller runs the load the others may wait for
     * @param outcome the leading load's outcome: completed by the leader, awaited by the others
     * @param seen    the flight's invalidation count when this caller joined
     */
    record Ticket(Key key, Flight flight, boolean leader, CompletableFuture<Object> outcome, long seen) {

        /**
         * Runs {@code put} unless the key was invalidated since this caller joined. Atomic with respect to
         * {@link SingleFlight#invalidate}: an invalidation either comes first (the put is skipped) or waits for the put
         * and then removes or overwrites what it wrote.
         */
        boolean putIfCurrent(Runnable put) {
            synchronized (flight) {
                if (flight.invalidations != seen) {
                    return false;
                }
                put.run();
                return true;
            }
        }
    }

    private final Map<Key, Flight> flights = new ConcurrentHashMap<>();

    /**
     * Joins the flight of {@code key}, creating it if none is in flight. The caller leads when no leading load is
     * running (the previous leader, if any, has finished).
     */
    Ticket join(Key key) {
        Ticket[] ticket = new Ticket[1];
        flights.compute(key, (k, f) -> {
            Flight flight = f != null ? f : new Flight();
            boolean lead = flight.leading == null || flight.leading.isDone();
            if (lead) {
                flight.leading = new CompletableFuture<>();
            }
            flight.callers++;
            long seen;
            synchronized (flight) {
                seen = flight.invalidations;
            }
            ticket[0] = new Ticket(k, flight, lead, flight.leading, seen);
            return flight;
        });
        return ticket[0];
    }

    /** Leaves the flight; the last caller to leave removes it. */
    void leave(Ticket ticket) {
        flights.computeIfPresent(ticket.key(), (k, f) -> f != ticket.flight() || --f.callers > 0 ? f : null);
    }

    /** Marks every load of {@code key} in {@code cacheName} in flight as overtaken by an invalidation. */
    void invalidate(String cacheName, Object key) {
        Flight f = flights.get(new Key(cacheName, key));
        if (f != null) {
            synchronized (f) {
                f.invalidations++;
            }
        }
    }

    /** Marks every load in flight in {@code cacheName} as overtaken by an invalidation. */
    void invalidateAll(String cacheName) {
        flights.forEach((k, f) -> {
            if (k.cacheName().equals(cacheName)) {
                synchronized (f) {
                    f.invalidations++;
                }
            }
        });
    }
}
