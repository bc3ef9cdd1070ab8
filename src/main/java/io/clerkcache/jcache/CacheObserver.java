package io.clerkcache.jcache;

import java.time.Duration;

/**
 * Callbacks for what happens in the caches the annotations and {@link LoadingCache} use.
 *
 * <p>Every CDI bean implementing this interface is notified (looked up once, when the library first needs them);
 * {@link CacheStatistics} is one of them. Callbacks run on the caller's thread, in the middle of the cached call,
 * so they must be quick and must not throw: an exception thrown by an observer is logged and otherwise ignored.
 * Every method has an empty default so an observer implements only what it needs.
 */
public interface CacheObserver {

    /** A read found a value for the key in the cache. */
    default void onHit(String cacheName) {
    }

    /**
     * A read found nothing for the key (or only an {@link InvalidationMarker}, or the read failed: see
     * {@link #onBackendError}).
     */
    default void onMiss(String cacheName) {
    }

    /** A read found that the key has no value: an {@link AbsentValue} remembered by the cache's absence cache. */
    default void onNegativeHit(String cacheName) {
    }

    /** The loader (or the annotated method) ran after a miss and returned (a {@code null} result included). */
    default void onLoad(String cacheName, Duration duration) {
    }

    /** The loader (or the annotated method) ran after a miss and threw {@code failure}. */
    default void onLoadFailure(String cacheName, Duration duration, Throwable failure) {
    }

    /**
     * The cache backend failed. For reads and writes the call went on (a miss, a skipped put); for removals the
     * failure was thrown to the caller.
     */
    default void onBackendError(String cacheName, BackendOperation operation, RuntimeException error) {
    }

    /** A concurrent miss of the same key waited for another thread's load instead of running the loader. */
    default void onSingleFlightWait(String cacheName) {
    }

    /** A single-flight wait timed out and the waiter ran the loader itself. */
    default void onSingleFlightTimeout(String cacheName) {
    }

    /**
     * A lookup answered a value its {@link ReadPolicy} judged stale, because the reload failed or the wait for it
     * passed the lookup's bound (stale-if-error).
     */
    default void onStaleServed(String cacheName) {
    }

    /** A hit on a value its {@link ReadPolicy} asked to refresh early was reloaded (by this caller, once per JVM). */
    default void onRefreshedEarly(String cacheName) {
    }
}
