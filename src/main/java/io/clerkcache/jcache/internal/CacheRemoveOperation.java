package io.clerkcache.jcache.internal;

/**
 * {@code @CacheRemove} on one method.
 *
 * @param afterInvocation evict after the method returned (else before it runs)
 * @param evictFor        which exceptions of the method still cause the eviction ({@code evictFor / noEvictFor})
 */
record CacheRemoveOperation(OperationTarget target, KeySpec key, boolean afterInvocation, ExceptionFilter evictFor)
        implements JCacheOperation {
}
