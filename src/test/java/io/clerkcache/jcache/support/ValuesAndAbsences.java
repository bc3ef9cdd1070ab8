package io.clerkcache.jcache.support;

import io.clerkcache.jcache.CacheLoading;
import io.clerkcache.jcache.LoadingCache;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A value cache {@code values} and its absence cache {@code absences} in a container's {@link CacheManager}, seen raw
 * (markers and absences included) and through the load path.
 *
 * @param rawValues   the value cache as it is
 * @param rawAbsences the absence cache as it is
 * @param cache       the load path over both
 */
public record ValuesAndAbsences(Cache<Object, Object> rawValues, Cache<Object, Object> rawAbsences,
                                LoadingCache<String, String> cache) {

    /** Creates both caches in {@code weld}'s manager. */
    public static ValuesAndAbsences create(WeldContainer weld) {
        CacheManager manager = weld.select(CacheManager.class).get();
        Cache<String, String> values = manager.createCache("values", new MutableConfiguration<String, String>());
        manager.createCache("absences", new MutableConfiguration<>());
        Cache<Object, Object> rawAbsences = manager.getCache("absences");
        return new ValuesAndAbsences(manager.getCache("values"), rawAbsences,
                weld.select(CacheLoading.class).get().of(values, rawAbsences));
    }
}
