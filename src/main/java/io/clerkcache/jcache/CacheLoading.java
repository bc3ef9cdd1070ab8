package io.clerkcache.jcache;

import java.util.function.Function;
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

    /**
     * Lets the caching annotations use {@code cache} for {@code cacheName}: an annotated method that names this
     * cache (and has no cache resolver of its own) reads and writes this load path, absence cache included, instead
     * of the {@code CacheManager}'s cache of that name. So a module can declare {@code @CachePut} or
     * {@code @CacheRemove} on a cache that its own code fills through a {@link LoadingCache}.
     *
     * <p>The annotations' keys are made by {@code keyOf} from the method's key parameter values, in order (its
     * {@code @CacheKey} parameters, or all parameters but the {@code @CacheValue}); a custom key generator's key is
     * handed over as the only element. Bind before the first annotated call, for example in a {@code @PostConstruct}
     * of the bean that declares the annotations; binding a name again replaces the earlier binding.
     *
     * @param cacheName the name the annotations use
     * @param cache     the load path to use for it
     * @param keyOf     from key parameter values to the cache's key; must not answer {@code null}
     */
    <K> void bind(String cacheName, LoadingCache<K, ?> cache, Function<Object[], ? extends K> keyOf);
}
