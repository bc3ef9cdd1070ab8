package io.clerkcache.jcache;

/**
 * The cache backend operations the library performs, as reported to {@link CacheObserver#onBackendError}.
 */
public enum BackendOperation {
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
    /** {@code Cache.putIfAbsent}: a load's write where the key held nothing. */
    PUT_IF_ABSENT,
    /** {@code Cache.replace(key, old, new)}: a load's write over what it observed before loading. */
    REPLACE,
    /** {@code Cache.put} of an {@link InvalidationMarker}: an invalidation (thrown to the caller when it fails). */
    INVALIDATE,
    /** {@code Cache.remove(key)}. */
    REMOVE,
    /** {@code Cache.removeAll()}. */
    REMOVE_ALL
}
