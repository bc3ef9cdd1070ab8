package io.clerkcache.jcache.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;

/**
 * What a cache annotation means for one method of one bean class, parsed once by {@link CacheMethodParser}.
 *
 * @param kind               which of the four operations
 * @param method             the intercepted method
 * @param annotation         the cache annotation in force (on the method or, failing that, on the bean class)
 * @param methodAnnotations  every annotation of the method, for {@link javax.cache.annotation.CacheMethodDetails}
 * @param cacheName          the resolved cache name (annotation, {@code @CacheDefaults}, or the spec's default)
 * @param keyParameters      positions of the key parameters, in declaration order
 * @param valueParameter     position of the {@code @CacheValue} parameter, -1 if none
 * @param keyGenerator       the custom key generator class, {@code null} for the default key
 * @param resolverFactory    the custom resolver factory class, {@code null} for the application's CacheManager
 * @param exceptionCacheName {@code @CacheResult}'s exception cache, "" for none
 * @param skipGet            {@code @CacheResult.skipGet}
 * @param afterInvocation    {@code @CachePut / @CacheRemove / @CacheRemoveAll.afterInvocation}
 * @param exceptionFilter    which exceptions are cached / still cause the put or the eviction
 */
record CacheMethod(
        Kind kind,
        Method method,
        Annotation annotation,
        Set<Annotation> methodAnnotations,
        String cacheName,
        int[] keyParameters,
        int valueParameter,
        Class<? extends CacheKeyGenerator> keyGenerator,
        Class<? extends CacheResolverFactory> resolverFactory,
        String exceptionCacheName,
        boolean skipGet,
        boolean afterInvocation,
        ExceptionFilter exceptionFilter) {

    boolean hasExceptionCache() {
        return !exceptionCacheName.isEmpty();
    }
}
