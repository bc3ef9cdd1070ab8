package io.clerkcache.jcache;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;

/**
 * The one error policy for cache backends, and the place every {@link CacheObserver} is notified from.
 *
 * <ul>
 *   <li>a failing read is a miss: logged, counted, never a failure of the call;</li>
 *   <li>a failing write is a skipped put: logged, counted, never a failure of the call;</li>
 *   <li>a failing removal is thrown to the caller, because an invalidation that silently did not happen is a
 *       stale read later.</li>
 * </ul>
 * Logging is rate limited per cache and operation ({@link JCacheSettings#errorLogInterval()}) so a backend that is
 * down does not flood the log; every failure is still counted.
 *
 * <p>The caching interceptors use this bean; code that calls {@link javax.cache.Cache} directly gets the same
 * behaviour through {@link #guard(Cache)}. Code that loads values itself can report its loads with
 * {@link #loaded} and {@link #loadFailed} so the statistics cover it too.
 */
@ApplicationScoped
public class CacheErrorPolicy {

    private static final Logger LOG = Logger.getLogger(CacheErrorPolicy.class.getName());

    private final Instance<CacheObserver> observerBeans;
    private final Instance<JCacheSettings> settingsBeans;
    private final CacheStatistics statistics;
    private final Map<String, LogGate> logGates = new ConcurrentHashMap<>();
    private volatile CacheObserver[] observers;
    private volatile JCacheSettings settings;

    /** Constructor for CDI. */
    @Inject
    public CacheErrorPolicy(@Any Instance<CacheObserver> observerBeans, Instance<JCacheSettings> settingsBeans,
                            CacheStatistics statistics) {
        this.observerBeans = observerBeans;
        this.settingsBeans = settingsBeans;
        this.statistics = statistics;
    }

    /** Only for the CDI client proxy. */
    protected CacheErrorPolicy() {
        this.observerBeans = null;
        this.settingsBeans = null;
        this.statistics = null;
    }

    /** The application's {@link JCacheSettings} bean if it has one, else {@link JCacheSettings#defaults()}. */
    public JCacheSettings settings() {
        JCacheSettings s = settings;
        if (s == null) {
            s = settingsBeans.isResolvable() ? settingsBeans.get() : JCacheSettings.defaults();
            settings = s;
        }
        return s;
    }

    /**
     * Wraps {@code cache} so that its reads and writes follow this policy and are reported to the observers under
     * the cache's name.
     */
    public <K, V> GuardedCache<K, V> guard(Cache<K, V> cache) {
        requireNonNull(cache, "cache");
        return new GuardedCache<>(cache.getName(), cache, this);
    }

    /** Reports that {@code cacheName}'s value was loaded (the method or loader returned) in {@code duration}. */
    public void loaded(String cacheName, Duration duration) {
        for (CacheObserver o : observers()) {
            try {
                o.onLoad(cacheName, duration);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    /** Reports that loading a value for {@code cacheName} failed with {@code failure} after {@code duration}. */
    public void loadFailed(String cacheName, Duration duration, Throwable failure) {
        for (CacheObserver o : observers()) {
            try {
                o.onLoadFailure(cacheName, duration, failure);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    /**
     * Records a backend failure: counts it, tells the observers and logs it (rate limited). The caller decides
     * whether the failure is swallowed (reads, writes) or thrown (removals).
     */
    public void backendFailed(String cacheName, CacheOperation operation, RuntimeException error) {
        for (CacheObserver o : observers()) {
            try {
                o.onBackendError(cacheName, operation, error);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
        log(cacheName, operation, error);
    }

    /** Reports a read that found a value (for code reading a cache other than through {@link GuardedCache}). */
    public void hit(String cacheName) {
        for (CacheObserver o : observers()) {
            try {
                o.onHit(cacheName);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    /** Reports a read that found nothing or failed (for code reading other than through {@link GuardedCache}). */
    public void miss(String cacheName) {
        for (CacheObserver o : observers()) {
            try {
                o.onMiss(cacheName);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    /** Reports that a caller waits for another thread's load of the same key (single flight). */
    public void singleFlightWaited(String cacheName) {
        for (CacheObserver o : observers()) {
            try {
                o.onSingleFlightWait(cacheName);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
    }

    /** Reports that a single-flight wait timed out and the waiter loads itself. */
    public void singleFlightTimedOut(String cacheName) {
        for (CacheObserver o : observers()) {
            try {
                o.onSingleFlightTimeout(cacheName);
            } catch (RuntimeException e) {
                observerFailed(o, e);
            }
        }
        LOG.log(Level.FINE, "Single-flight wait on cache {0} timed out; the waiter runs the method itself", cacheName);
    }

    private CacheObserver[] observers() {
        CacheObserver[] o = observers;
        if (o == null) {
            // looked up lazily: an observer bean may itself depend on this bean
            List<CacheObserver> found = new ArrayList<>();
            // our statistics are updated on every hit: through their plain recorder, not the bean's client proxy
            found.add(statistics.recorder());
            observerBeans.forEach(found::add);
            o = found.toArray(CacheObserver[]::new);
            observers = o;
        }
        return o;
    }

    private static void observerFailed(CacheObserver observer, RuntimeException e) {
        LOG.log(Level.WARNING, e, () -> "CacheObserver " + observer.getClass().getName() + " threw; ignored");
    }

    private void log(String cacheName, CacheOperation operation, RuntimeException error) {
        LogGate gate = logGates.computeIfAbsent(cacheName + '\u0000' + operation, k -> new LogGate());
        long suppressed = gate.tryOpen(settings().errorLogInterval().toNanos());
        if (suppressed >= 0) {
            String reaction = switch (operation) {
                case GET, GET_ALL, RESOLVE -> "treated as a miss";
                case PUT, PUT_ALL -> "put skipped";
                case REMOVE, REMOVE_ALL -> "thrown to the caller";
            };
            LOG.log(Level.WARNING, error, () -> "Cache " + cacheName + ": " + operation + " failed (" + reaction + ")"
                    + (suppressed > 0 ? "; " + suppressed + " similar failures since the last warning" : "")
                    + ": " + error);
        } else {
            LOG.log(Level.FINE, error, () -> "Cache " + cacheName + ": " + operation + " failed");
        }
    }

    /** Lets one WARNING through per interval and counts the ones it holds back. */
    private static final class LogGate {
        private final AtomicLong lastOpened = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong suppressed = new AtomicLong();

        /** The number of failures held back since the last opening if the gate opens now, else -1. */
        long tryOpen(long intervalNanos) {
            long now = System.nanoTime();
            long last = lastOpened.get();
            if ((last == Long.MIN_VALUE || now - last >= intervalNanos) && lastOpened.compareAndSet(last, now)) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }
    }
}
