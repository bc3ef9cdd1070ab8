package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.BackendOperation;
import io.clerkcache.jcache.CacheObserver;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells every {@link CacheObserver} what happened, on the caller's thread; an observer that throws is logged and
 * otherwise ignored. Backend failures are also logged through the {@link FailureLog}.
 */
final class CacheEvents {

    private static final Logger LOG = Logger.getLogger(CacheEvents.class.getName());

    private final CacheObserver[] observers;
    private final FailureLog failureLog;

    CacheEvents(List<CacheObserver> observers, FailureLog failureLog) {
        this.observers = observers.toArray(CacheObserver[]::new);
        this.failureLog = failureLog;
    }

    void hit(String cache) {
        for (CacheObserver o : observers) {
            try {
                o.onHit(cache);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    void miss(String cache) {
        each(o -> o.onMiss(cache));
    }

    void negativeHit(String cache) {
        each(o -> o.onNegativeHit(cache));
    }

    void loaded(String cache, long startNanos) {
        Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
        each(o -> o.onLoad(cache, d));
    }

    void loadFailed(String cache, long startNanos, Throwable failure) {
        Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
        each(o -> o.onLoadFailure(cache, d, failure));
    }

    void singleFlightWaited(String cache) {
        each(o -> o.onSingleFlightWait(cache));
    }

    void singleFlightTimedOut(String cache) {
        each(o -> o.onSingleFlightTimeout(cache));
        LOG.log(Level.FINE, "Single-flight wait on cache {0} timed out; the waiter loads itself", cache);
    }

    void staleServed(String cache) {
        each(o -> o.onStaleServed(cache));
    }

    void refreshedEarly(String cache) {
        each(o -> o.onRefreshedEarly(cache));
    }

    /** Counts, reports and logs a backend failure; whether it is swallowed or thrown is the caller's business. */
    void backendFailed(String cache, BackendOperation operation, RuntimeException error) {
        each(o -> o.onBackendError(cache, operation, error));
        failureLog.log(cache, operation, error);
    }

    private void each(Consumer<CacheObserver> event) {
        for (CacheObserver o : observers) {
            try {
                event.accept(o);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    private static void observerFailed(CacheObserver observer, RuntimeException e) {
        LOG.log(Level.WARNING, e, () -> "CacheObserver " + observer.getClass().getName() + " threw; ignored");
    }
}
