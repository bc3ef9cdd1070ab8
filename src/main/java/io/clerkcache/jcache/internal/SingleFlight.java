package io.clerkcache.jcache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The loads in flight in this JVM, per cache and key. A miss either leads a load or waits for the one leading
 * (single flight), and an invalidation marks every load of the key in flight as overtaken, so that none of them
 * writes, and detaches the leading one, so that callers arriving after the invalidation start a new load instead of
 * waiting for the old one.
 */
final class SingleFlight {

    /** A key of a cache. */
    record Key(String cache, Object key) {
    }

    /**
     * How a load ended, as told to the callers that waited for it.
     *
     * @param observed what the leader read from the value cache before it loaded ({@code null} when it did not load):
     *                 a waiter that finds another marker there knows an invalidation came after that read
     */
    record Outcome(Object value, boolean cacheable, Object observed) {
        /** The leader gave up without an outcome; waiters read the cache again. */
        static final Outcome ABANDONED = new Outcome(null, true);

        Outcome(Object value, boolean cacheable) {
            this(value, cacheable, null);
        }
    }

    /** One load. */
    static final class Flight {
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private boolean overtaken; // guarded by this: held by the leader's write, never by a join
    }

    /**
     * A caller's part in a flight.
     *
     * @param leader whether this caller runs the load (others wait for its outcome)
     */
    record Ticket(Key key, Slot slot, Flight flight, boolean leader) {

        /** The leader's outcome, or the leader's exception as an {@link ExecutionException}. */
        Outcome await(long timeoutNanos) throws ExecutionException, TimeoutException, InterruptedException {
            return flight.outcome.get(timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The loads of one key that are running; exists while at least one runs. */
    static final class Slot {
        private final List<Flight> running = new ArrayList<>(1); // guarded by this
        private Flight leading; // guarded by this: the load new callers may wait for
    }

    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    /**
     * Joins the load of {@code key}. With {@code share}, the caller waits for a load already leading if there is one,
     * else it leads one that later callers may wait for; without, it always leads a load of its own (still guarded
     * by invalidations).
     */
    Ticket join(Key key, boolean share) {
        Ticket[] ticket = new Ticket[1];
        slots.compute(key, (k, existing) -> {
            Slot slot = existing != null ? existing : new Slot();
            synchronized (slot) {
                if (share && slot.leading != null && !slot.leading.outcome.isDone()) {
                    ticket[0] = new Ticket(k, slot, slot.leading, false);
                } else {
                    Flight flight = new Flight();
                    slot.running.add(flight);
                    if (share || slot.leading == null) {
                        slot.leading = flight;
                    }
                    ticket[0] = new Ticket(k, slot, flight, true);
                }
            }
            return slot;
        });
        return ticket[0];
    }

    /**
     * Runs the leader's {@code write} unless an invalidation overtook its load. Atomic with respect to
     * {@link #invalidate}: an invalidation comes either first (the write is skipped) or after the write (and then
     * overwrites or removes what it wrote).
     *
     * @return what {@code write} answered, or {@code false} when it was skipped
     */
    boolean writeUnlessOvertaken(Ticket ticket, BooleanSupplier write) {
        synchronized (ticket.flight) {
            return !ticket.flight.overtaken && write.getAsBoolean();
        }
    }

    /** Hands the leader's outcome to the callers waiting for it. */
    void complete(Ticket ticket, Outcome outcome) {
        ticket.flight.outcome.complete(outcome);
    }

    /** Hands the leader's exception to the callers waiting for it. */
    void fail(Ticket ticket, Throwable failure) {
        ticket.flight.outcome.completeExceptionally(failure);
    }

    /**
     * Ends the leader's part: its load no longer counts as running. A flight left without an outcome tells its
     * waiters {@link Outcome#ABANDONED}.
     */
    void leave(Ticket ticket) {
        if (!ticket.leader) {
            return;
        }
        ticket.flight.outcome.complete(Outcome.ABANDONED);
        slots.computeIfPresent(ticket.key, (k, slot) -> {
            synchronized (slot) {
                slot.running.remove(ticket.flight);
                if (slot.leading == ticket.flight) {
                    slot.leading = null;
                }
                return slot.running.isEmpty() ? null : slot;
            }
        });
    }

    /** Marks every load of {@code key} in {@code cache} running now as overtaken, and detaches the leading one. */
    void invalidate(String cache, Object key) {
        Slot slot = slots.get(new Key(cache, key));
        if (slot != null) {
            overtake(slot);
        }
    }

    /** Marks every load in {@code cache} running now as overtaken. */
    void invalidateAll(String cache) {
        slots.forEach((k, slot) -> {
            if (k.cache().equals(cache)) {
                overtake(slot);
            }
        });
    }

    private static void overtake(Slot slot) {
        List<Flight> running;
        synchronized (slot) {
            running = List.copyOf(slot.running);
            slot.leading = null;
        }
        // outside the slot's lock: waiting here for a leader's write must not hold up callers joining the slot
        for (Flight f : running) {
            synchronized (f) {
                f.overtaken = true;
            }
        }
    }
}
