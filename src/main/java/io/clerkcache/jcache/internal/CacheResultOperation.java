package io.clerkcache.jcache.internal;

/**
 * {@code @CacheResult} on one method.
 *
 * @param skipGet            always run the method and cache its result
 * @param exceptionCacheName where matching exceptions are cached, "" for nowhere
 * @param cachedExceptions   which exceptions are cached ({@code cachedExceptions / nonCachedExceptions})
 */
record CacheResultOperation(OperationTarget target, KeySpec key, boolean skipGet, String exceptionCacheName,
                            ExceptionFilter cachedExceptions) implements JCacheOperation {

    boolean hasExceptionCache() {
        return !exceptionCacheName.isEmpty();
    }
}
