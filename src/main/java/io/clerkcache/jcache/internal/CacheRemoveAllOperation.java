package io.clerkcache.jcache.internal;

/**
 * {@code @CacheRemoveAll} on one method.
 *
 * @param afterInvocation clear after the method returned (else before it runs)
 * @param evictFor        which exceptions of the method still cause the clearing
 */
record CacheRemoveAllOperation(OperationTarget target, boolean afterInvocation, ExceptionFilter evictFor)
        implements JCacheOperation {
}
