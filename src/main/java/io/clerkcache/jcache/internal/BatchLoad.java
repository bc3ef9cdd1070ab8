package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.BulkLoader;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One {@code getAll} of a {@link GuardedLoadingCache}: the single-key load path applied to many keys at once. One
 * {@code getAll} read, one flight per missing key, one re-read of the keys this caller leads, one loader call for the
 * keys still missing, a write per key over what was observed, then the keys other callers lead are awaited and
 * re-read in one {@code getAll}. A caller loads what it leads before it waits for anyone, so two batches that each
 * lead a key the other waits for never deadlock, and overlapping batches load each shared key once.
 */
final class BatchLoad<K, V, E extends Exception> {

    private final GuardedLoadingCache<K, V> cache;
    private final BulkLoader<K, ? extends V, E> loader;
    private final GuardedCache values;
    private final GuardedCache absences;
    private final String name;
    private final SingleFlight flights;
    private final CacheEvents events;

    BatchLoad(GuardedLoadingCache<K, V> cache, BulkLoader<K, ? extends V, E> loader) {
        this.cache = cache;
        this.loader = loader;
        this.values = cache.values;
        this.absences = cache.absences;
        this.name = cache.name;
        this.flights = cache.flights;
        this.events = cache.events;
    }

    /** The values of {@code keys} that have one. */
    Map<K, V> run(Set<? extends K> keys) throws E {
        Map<K, V> found = new HashMap<>(keys.size() * 2);
        Set<K> pending = new LinkedHashSet<>(keys);
        boolean alone = !cache.singleFlight;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Set<K> misses = readAll(pending, found, attempt == 1);
            if (misses.isEmpty()) {
                break;
            }
            boolean share = !alone && attempt <= GuardedLoadingCache.SHARED_ATTEMPTS;
            Map<K, SingleFlight.Ticket> led = new LinkedHashMap<>();
            Map<K, SingleFlight.Ticket> awaited = new LinkedHashMap<>();
            try {
                for (K key : misses) {
                    SingleFlight.Ticket t = flights.join(new SingleFlight.Key(name, key), share);
                    (t.leader() ? led : awaited).put(key, t);
                }
                // Load what this caller leads before waiting for anyone: two batches that each lead a key the other
                // waits for then never wait for each other.
                if (!led.isEmpty()) {
                    leadAll(led, found);
                }
                Retry<K> retry = awaitAll(awaited, found);
                pending = retry.keys();
                alone |= retry.timedOut();
            } finally {
                led.values().forEach(flights::leave);
            }
        }
        return found;
    }


    /** The keys a batch tries again, and whether a wait timed out (then it loads them by itself). */
    private record Retry<K>(Set<K> keys, boolean timedOut) {
    }

    /** Puts the hits among {@code keys} into {@code found}; returns the keys still to load. */
    private Set<K> readAll(Set<K> keys, Map<K, V> found, boolean count) {
        Map<Object, Object> cached = values.readAll(keys);
        Set<K> misses = new LinkedHashSet<>();
        for (K key : keys) {
            Object o = cached == null ? null : cached.get(key);
            if (GuardedLoadingCache.isValue(o)) {
                found.put(key, cache.cast(o));
                if (count) {
                    events.hit(name);
                }
            } else {
                misses.add(key);
            }
        }
        if (absences != null && !misses.isEmpty()) {
            Map<Object, Object> absent = absences.readAll(misses);
            if (absent != null) {
                misses.removeIf(key -> {
                    boolean negative = absent.get(key) instanceof AbsentValue;
                    if (negative && count) {
                        events.negativeHit(name);
                    }
                    return negative;
                });
            }
        }
        if (count) {
            misses.forEach(k -> events.miss(name));
        }
        return misses;
    }

    private void leadAll(Map<K, SingleFlight.Ticket> led, Map<K, V> found) throws E {
        // read again now that this caller leads (see lead)
        Map<Object, Object> observed = values.readAll(led.keySet());
        Map<Object, Object> observedAbsences = absences == null ? null : absences.readAll(led.keySet());
        Set<K> toLoad = new LinkedHashSet<>();
        led.forEach((key, ticket) -> {
            Object o = observed == null ? GuardedCache.FAILED : observed.get(key);
            Object a = observedAbsences == null ? null : observedAbsences.get(key);
            if (GuardedLoadingCache.isValue(o)) {
                found.put(key, cache.cast(o));
                flights.complete(ticket, new SingleFlight.Outcome(o, true));
            } else if (a instanceof AbsentValue) {
                flights.complete(ticket, new SingleFlight.Outcome(null, true));
            } else {
                toLoad.add(key);
            }
        });
        if (toLoad.isEmpty()) {
            return;
        }
        Map<K, ? extends V> loaded;
        long start = System.nanoTime();
        try {
            loaded = loader.loadAll(Collections.unmodifiableSet(toLoad));
        } catch (Exception | Error e) {
            for (K key : toLoad) {
                events.loadFailed(name, start, e);
                flights.fail(led.get(key), e);
            }
            throw e;
        }
        for (K key : toLoad) {
            events.loaded(name, start);
            V value = loaded == null ? null : loaded.get(key);
            SingleFlight.Ticket ticket = led.get(key);
            Object observedValue = observed == null ? GuardedCache.FAILED : observed.get(key);
            cache.write(ticket, key, value, observedValue, observedAbsences == null ? null : observedAbsences.get(key));
            flights.complete(ticket,
                    new SingleFlight.Outcome(value, value != null || absences != null, observedValue));
            if (value != null) {
                found.put(key, value);
            }
        }
    }

    /**
     * Waits for the loads other callers lead, then confirms each result by reading the cache again (see
     * {@link #confirm}).
     */
    private Retry<K> awaitAll(Map<K, SingleFlight.Ticket> awaited, Map<K, V> found) {
        Set<K> retry = new LinkedHashSet<>();
        boolean timedOut = false;
        if (awaited.isEmpty()) {
            return new Retry<>(retry, false);
        }
        long deadline = System.nanoTime() + cache.singleFlightTimeoutNanos;
        Map<K, SingleFlight.Outcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<K, SingleFlight.Ticket> e : awaited.entrySet()) {
            events.singleFlightWaited(name);
            SingleFlight.Outcome outcome = cache.await(e.getValue(), Math.max(0, deadline - System.nanoTime()));
            if (outcome == null) {
                retry.add(e.getKey());
                timedOut = true;
            } else {
                outcomes.put(e.getKey(), outcome);
            }
        }
        Map<Object, Object> now = values.readAll(outcomes.keySet());
        outcomes.forEach((key, outcome) -> {
            Object confirmed = cache.confirm(key, outcome, now == null ? GuardedCache.FAILED : now.get(key));
            if (confirmed == GuardedLoadingCache.RETRY) {
                retry.add(key);
            } else if (confirmed != null) {
                found.put(key, cache.cast(confirmed));
            }
        });
        return new Retry<>(retry, timedOut);
    }
}
