package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.BulkLoader;
import io.clerkcache.jcache.ReadPolicy;
import io.clerkcache.jcache.ReadPolicy.Freshness;
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
 *
 * <p>With a {@link ReadPolicy}: values to refresh early are answered, and the ones no other caller in this JVM is
 * loading are loaded with the batch's misses; stale values are loaded like misses, and answered when their load
 * fails (or the wait for it passes the policy's bound), provided every key that failed has a copy to answer: a
 * batch never reports a key it could not load as absent.
 */
final class BatchLoad<K, V, E extends Exception> {

    private final GuardedLoadingCache<K, V> cache;
    private final ReadPolicy<? super V> policy;
    private final BulkLoader<K, ? extends V, E> loader;
    private final GuardedCache values;
    private final GuardedCache absences;
    private final String name;
    private final SingleFlight flights;
    private final CacheEvents events;

    /** Stale copies of keys still to load, answered if their load fails; only copies read in this batch's last read. */
    private final Map<K, V> stale = new HashMap<>();
    /** Keys answered from values to refresh early, which this batch leads the refresh of. */
    private final Set<K> refreshing = new LinkedHashSet<>();

    BatchLoad(GuardedLoadingCache<K, V> cache, ReadPolicy<? super V> policy, BulkLoader<K, ? extends V, E> loader) {
        this.cache = cache;
        this.policy = policy;
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
            Set<K> toRefresh = new LinkedHashSet<>();
            Set<K> misses = readAll(pending, found, attempt == 1, toRefresh);
            if (misses.isEmpty() && (toRefresh.isEmpty() || !cache.singleFlight)) {
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
                if (cache.singleFlight) {
                    for (K key : toRefresh) {
                        // one refresh per key in this JVM: a key someone is loading keeps the value found
                        SingleFlight.Ticket t = flights.join(new SingleFlight.Key(name, key), true);
                        if (t.leader()) {
                            led.put(key, t);
                            refreshing.add(key);
                        }
                    }
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

    /**
     * Puts the hits among {@code keys} into {@code found} (and those to refresh early into {@code toRefresh}, on the
     * first read only); returns the keys still to load.
     */
    private Set<K> readAll(Set<K> keys, Map<K, V> found, boolean count, Set<K> toRefresh) {
        Map<Object, Object> cached = values.readAll(keys);
        Set<K> misses = new LinkedHashSet<>();
        for (K key : keys) {
            Object o = cached == null ? null : cached.get(key);
            stale.remove(key);
            Freshness freshness = GuardedLoadingCache.isValue(o) ? policy.freshness(cache.cast(o)) : null;
            if (freshness == Freshness.FRESH || freshness == Freshness.REFRESH) {
                found.put(key, cache.cast(o));
                if (count) {
                    events.hit(name);
                    if (freshness == Freshness.REFRESH) {
                        toRefresh.add(key);
                    }
                }
            } else {
                if (freshness == Freshness.STALE) {
                    stale.put(key, cache.cast(o));
                }
                misses.add(key);
            }
        }
        if (absences != null && !misses.isEmpty()) {
            Set<K> withoutValue = new LinkedHashSet<>(misses);
            withoutValue.removeAll(stale.keySet());
            Map<Object, Object> absent = withoutValue.isEmpty() ? null : absences.readAll(withoutValue);
            if (absent != null) {
                misses.removeIf(key -> {
                    boolean negative = !stale.containsKey(key) && absent.get(key) instanceof AbsentValue;
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
        Map<K, V> fallbacks = new HashMap<>(); // what a failed load answers, per key: copies read just now
        led.forEach((key, ticket) -> {
            Object o = observed == null ? GuardedCache.FAILED : observed.get(key);
            Object a = observedAbsences == null ? null : observedAbsences.get(key);
            boolean refresh = refreshing.contains(key);
            if (GuardedLoadingCache.isValue(o)) {
                V current = cache.cast(o);
                Freshness freshness = policy.freshness(current);
                boolean answerable = freshness == Freshness.FRESH || freshness == Freshness.REFRESH;
                if (answerable && (!refresh || !o.equals(found.get(key)))) {
                    found.put(key, current);
                    flights.complete(ticket, new SingleFlight.Outcome(o, true));
                    return;
                }
                if (answerable || freshness == Freshness.STALE) {
                    fallbacks.put(key, current);
                }
            } else if (a instanceof AbsentValue && !refresh) {
                flights.complete(ticket, new SingleFlight.Outcome(null, true));
                return;
            }
            toLoad.add(key);
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
            if (e instanceof Error || !answersFailure(toLoad, fallbacks, e)) {
                throw e;
            }
            fallbacks.forEach((key, copy) -> {
                if (!refreshing.contains(key) || policy.freshness(copy) == Freshness.STALE) {
                    events.staleServed(name);
                }
                found.put(key, copy);
            });
            return;
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
            } else {
                found.remove(key); // a refresh found the value gone
            }
            if (refreshing.contains(key)) {
                events.refreshedEarly(name);
            }
        }
    }

    /**
     * Whether a failed load of {@code keys} can be answered from {@code fallbacks}: every key has a copy, and each
     * stale one may answer this failure. Otherwise the batch fails: it never reports a key it could not load as
     * absent.
     */
    private boolean answersFailure(Set<K> keys, Map<K, V> fallbacks, Throwable failure) {
        for (K key : keys) {
            V copy = fallbacks.get(key);
            if (copy == null || policy.freshness(copy) == Freshness.STALE && !policy.serveStaleOn(failure)) {
                return false;
            }
        }
        return true;
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
        long deadline = System.nanoTime() + cache.waitNanos(policy);
        Map<K, SingleFlight.Outcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<K, SingleFlight.Ticket> e : awaited.entrySet()) {
            events.singleFlightWaited(name);
            V copy = stale.get(e.getKey());
            SingleFlight.Outcome outcome;
            try {
                outcome = cache.await(e.getValue(), Math.max(0, deadline - System.nanoTime()));
            } catch (Exception | Error leadersFailure) {
                if (copy == null || leadersFailure instanceof Error || !policy.serveStaleOn(leadersFailure)) {
                    throw leadersFailure;
                }
                events.staleServed(name);
                found.put(e.getKey(), copy);
                continue;
            }
            if (outcome == null && copy != null) {
                events.staleServed(name); // waited as long as this caller may: the copy answers
                found.put(e.getKey(), copy);
            } else if (outcome == null) {
                retry.add(e.getKey());
                timedOut = true;
            } else {
                outcomes.put(e.getKey(), outcome);
            }
        }
        Map<Object, Object> now = values.readAll(outcomes.keySet());
        outcomes.forEach((key, outcome) -> {
            Object confirmed = cache.confirm(key, outcome, now == null ? GuardedCache.FAILED : now.get(key),
                    policy);
            if (confirmed == GuardedLoadingCache.RETRY) {
                retry.add(key);
            } else if (confirmed != null) {
                found.put(key, cache.cast(confirmed));
            }
        });
        return new Retry<>(retry, timedOut);
    }
}
