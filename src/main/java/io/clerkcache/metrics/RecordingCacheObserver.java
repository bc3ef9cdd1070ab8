package io.clerkcache.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clerkcache.jcache.BackendOperation;
import io.clerkcache.jcache.CacheObserver;

/**
 * The JCache library's observer hooks, fed to the {@link Recorder}: hits, misses, negative hits, loads with their
 * latency, load failures, single-flight waits and timeouts, stale copies served, early refreshes, and backend (Redis) errors by operation, per cache.
 */
@ApplicationScoped
public class RecordingCacheObserver implements CacheObserver {

    private Recorder recorder;

    /** For CDI. */
    protected RecordingCacheObserver() {
    }

    @Inject
    public RecordingCacheObserver(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void onHit(String cacheName) {
        recorder.cacheHit(cacheName);
    }

    @Override
    public void onMiss(String cacheName) {
        recorder.cacheMiss(cacheName);
    }

    @Override
    public void onNegativeHit(String cacheName) {
        recorder.cacheNegativeHit(cacheName);
    }

    @Override
    public void onLoad(String cacheName, Duration duration) {
        recorder.cacheLoad(cacheName, duration);
    }

    @Override
    public void onLoadFailure(String cacheName, Duration duration, Throwable failure) {
        recorder.cacheLoadFailure(cacheName);
    }

    @Override
    public void onBackendError(String cacheName, BackendOperation operation, RuntimeException error) {
        recorder.backendError(cacheName, operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    @Override
    public void onSingleFlightWait(String cacheName) {
        recorder.singleFlightWait(cacheName);
    }

    @Override
    public void onSingleFlightTimeout(String cacheName) {
        recorder.singleFlightTimeout(cacheName);
    }

    @Override
    public void onStaleServed(String cacheName) {
        recorder.staleServed(cacheName);
    }

    @Override
    public void onRefreshedEarly(String cacheName) {
        recorder.earlyRefresh(cacheName);
    }
}
