package io.clerkcache.jcache;

import javax.cache.Cache;

/**
 * The library's programmatic load path, a CDI bean: {@code @Inject CacheLoading loading;}. The interceptors use it
 * too, so an entry written through an annotation and one written here follow the same rules.
 *
 * <pre>{@code
 * LoadingCache<String, Profile> profiles = loading.of(cacheManager.getCache("profiles"));
 * Profile p = profiles.get(id, repository::find);
 * Map<String, Profile> many = profiles.getAll(ids, repository::findAll);
 * }</pre>
 *
 * A cache used here should be untyped ({@code Object} keys and values), so that it can hold
 * {@link InvalidationMarker}s and {@link AbsentValue}s; a typed cache works with invalidation guarded in this JVM
 * only.
 */
public interface CacheLoading {

    /** The load path over {@code values}; a loader that finds nothing caches nothing. */
    <K, V> LoadingCache<K, V> of(Cache<K, V> values);

    /**
     * The load path over {@code values}, remembering keys without a value in {@code absences} (for as long as that
     * cache's own expiry allows, typically shorter than the values').
     */
    <K, V> LoadingCache<K, V> of(Cache<K, V> values, Cache<?, ?> absences);
}
