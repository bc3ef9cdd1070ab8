package io.clerkcache.jcache.internal;

/**
 * {@code @CachePut} on one method.
 *
 * @param afterInvocation put after the method returned (else before it runs)
 * @param cacheFor        which exceptions of the method still cause the put ({@code cacheFor / noCacheFor})
 */
record CachePutOperation(OperationTarget target, KeySpec key, boolean afterInvocation, ExceptionFilter cacheFor)
        implements JCacheOperation {

    int valueParameter() {
        return key.valueParameter();
    }
}
