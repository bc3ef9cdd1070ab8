package io.clerkcache.jcache.support;

import io.clerkcache.jcache.BulkLoader;
import io.clerkcache.jcache.ValueLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loader for the race tests, as a {@link ValueLoader} and as a {@link BulkLoader}. The n-th load of a key answers
 * {@code "<key> #<n>"} (with {@code " from <source>"} when named), so a test tells which load a value came from;
 * keys declared {@link #withoutValue without a value} answer nothing. {@link #holdNextCall()} stops the next call
 * inside the loader, after it counted its loads, until the test releases it.
 */
public final class ControlledLoader
        implements ValueLoader<String, String, RuntimeException>, BulkLoader<String, String, RuntimeException> {

    private final String source;
    private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final List<Set<String>> batches = new CopyOnWriteArrayList<>();
    private final Set<String> withoutValue = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Hold> nextHold = new AtomicReference<>();

    public ControlledLoader() {
        this("");
    }

    /** A loader whose values name {@code source} (an instance, say). */
    public ControlledLoader(String source) {
        this.source = source;
    }

    /** {@code keys} have no value: loading them answers nothing. */
    public ControlledLoader withoutValue(String... keys) {
        withoutValue.addAll(List.of(keys));
        return this;
    }

    /** From now on {@code key} has a value, as when the system of record gained one. */
    public void valueAppears(String key) {
        withoutValue.remove(key);
    }

    /** The next call, single or batch, stops inside the loader until the returned hold is released. */
    public Hold holdNextCall() {
        Hold hold = new Hold();
        nextHold.set(hold);
        return hold;
    }

    /** The value the n-th load of {@code key} answers. */
    public String value(String key, int n) {
        return key + " #" + n + (source.isEmpty() ? "" : " from " + source);
    }

    /** How often {@code key} was loaded, singly or in a batch. */
    public int loads(String key) {
        AtomicInteger n = loads.get(key);
        return n == null ? 0 : n.get();
    }

    /** The key sets of the batch calls, in call order. */
    public List<Set<String>> batches() {
        return List.copyOf(batches);
    }

    @Override
    public String load(String key) {
        String value = count(key);
        holdIfAsked();
        return value;
    }

    @Override
    public Map<String, String> loadAll(Set<String> keys) {
        batches.add(Set.copyOf(keys));
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            String value = count(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        holdIfAsked();
        return values;
    }

    private String count(String key) {
        int n = loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return withoutValue.contains(key) ? null : value(key, n);
    }

    private void holdIfAsked() {
        Hold hold = nextHold.getAndSet(null);
        if (hold != null) {
            hold.block();
        }
    }
}
