package io.clerkcache.jcache;

/**
 * The cache backend operations the library performs, as reported to {@link CacheObserver#onBackendError}.
 */
public enum CacheOperation {
    /** Looking up or creating the cache in the application's {@code CacheManager}. */
    RESOLVE,
    /** {@code Cache.get}. */
    GET,
    /** {@code Cache.getAll}. */
    GET_ALL,
    /** {@code Cache.put}. */
    PUT,
    /** {@code Cache.putAll}. */
    PUT_ALL,
    /** {@code Cache.remove(key)}. */
    REMOVE,
    /** {@code Cache.removeAll()}. */
    REMOVE_ALL
}
