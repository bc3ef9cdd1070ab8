package io.clerkcache.jcache.internal;

/**
 * What one of the four JSR-107 annotations means on one method of one bean class, parsed once by
 * {@link OperationParser} and validated at deployment.
 */
sealed interface JCacheOperation
        permits CacheResultOperation, CachePutOperation, CacheRemoveOperation, CacheRemoveAllOperation {

    /** The method, its cache and how the cache is resolved. */
    OperationTarget target();
}
