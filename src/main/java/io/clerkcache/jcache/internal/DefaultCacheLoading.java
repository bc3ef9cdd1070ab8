package io.clerkcache.jcache.internal;

import static java.util.Objects.requireNonNull;

import io.clerkcache.jcache.CacheLoading;
import io.clerkcache.jcache.CacheObserver;
import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.jcache.JCacheSettings;
import io.clerkcache.jcache.LoadingCache;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;

/**
 * The {@link CacheLoading} bean, and the one place the library's settings and observers are looked up. A
 * {@code @Singleton}: injected as the object itself, without a client proxy, because the interceptors call it on
 * every cache hit.
 */
@Singleton
public class DefaultCacheLoading implements CacheLoading {

    private final Instance<JCacheSettings> settingsBeans;
    private final Instance<CacheObserver> observerBeans;
    private final CacheStatistics statistics;
    private final SingleFlight flights = new SingleFlight();
    private final Map<Pair, GuardedLoadingCache<?, ?>> loadingCaches = new ConcurrentHashMap<>();
    private final Map<String, LoadingCache<Object, Object>> bound = new ConcurrentHashMap<>();
    private volatile JCacheSettings settings;
    private volatile CacheEvents events;

    /** Constructor for CDI. */
    @Inject
    public DefaultCacheLoading(Instance<JCacheSettings> settingsBeans, @Any Instance<CacheObserver> observerBeans,
                               CacheStatistics statistics) {
        this.settingsBeans = settingsBeans;
        this.observerBeans = observerBeans;
        this.statistics = statistics;
    }

    @Override
    public <K, V> LoadingCache<K, V> of(Cache<K, V> values) {
        return loading(requireNonNull(values, "values"), null);
    }

    @Override
    public <K, V> LoadingCache<K, V> of(Cache<K, V> values, Cache<?, ?> absences) {
        return loading(requireNonNull(values, "values"), requireNonNull(absences, "absences"));
    }

    @Override
    public <K> void bind(String cacheName, LoadingCache<K, ?> cache, Function<Object[], ? extends K> keyOf) {
        bound.put(requireNonNull(cacheName, "cacheName"),
                new KeyMappedLoadingCache<>(requireNonNull(cache, "cache"), requireNonNull(keyOf, "keyOf")));
    }

    /** The load path bound to {@code cacheName} with {@link #bind}, or {@code null}. */
    LoadingCache<Object, Object> bound(String cacheName) {
        return bound.get(cacheName);
    }

    @SuppressWarnings("unchecked")
    private <K, V> LoadingCache<K, V> loading(Cache<K, V> values, Cache<?, ?> absences) {
        Pair pair = new Pair(values, absences);
        GuardedLoadingCache<?, ?> existing = loadingCaches.get(pair);
        if (existing == null) {
            existing = loadingCaches.computeIfAbsent(pair, p -> {
                JCacheSettings s = settings();
                return new GuardedLoadingCache<>(guard(values), absences == null ? null : guard(absences), flights,
                        events(), s.singleFlight(), s.singleFlightTimeout().toNanos());
            });
        }
        return (LoadingCache<K, V>) existing;
    }

    private GuardedCache guard(Cache<?, ?> cache) {
        return new GuardedCache(cache, events(), settings().sharedInvalidation());
    }

    /** The application's {@link JCacheSettings} bean if it has one, else {@link JCacheSettings#defaults()}. */
    JCacheSettings settings() {
        JCacheSettings s = settings;
        if (s == null) {
            s = settingsBeans.isResolvable() ? settingsBeans.get() : JCacheSettings.defaults();
            settings = s;
        }
        return s;
    }

    /** The observers, looked up on first use: an observer bean may itself depend on the library. */
    CacheEvents events() {
        CacheEvents e = events;
        if (e == null) {
            List<CacheObserver> found = new ArrayList<>();
            // the statistics are updated on every hit: through their plain recorder, not the bean's client proxy
            found.add(statistics.recorder());
            observerBeans.forEach(found::add);
            e = new CacheEvents(found, new FailureLog(settings().errorLogInterval()));
            events = e;
        }
        return e;
    }

    /** A value cache and its absence cache, compared by identity. */
    private record Pair(Cache<?, ?> values, Cache<?, ?> absences) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.values == values && p.absences == absences;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(values) * 31 + System.identityHashCode(absences);
        }
    }
}
