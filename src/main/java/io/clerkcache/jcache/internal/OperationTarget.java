package io.clerkcache.jcache.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheResolverFactory;

/**
 * What every cache operation has: the method, the annotation in force, and the cache.
 *
 * @param method            the intercepted method
 * @param annotation        the cache annotation in force (on the method or, failing that, on the bean class)
 * @param methodAnnotations every annotation of the method, for {@link javax.cache.annotation.CacheMethodDetails}
 * @param cacheName         the resolved cache name (annotation, {@code @CacheDefaults}, or the spec's default)
 * @param resolverFactory   the custom resolver factory class, {@code null} for the application's CacheManager
 */
record OperationTarget(Method method, Annotation annotation, Set<Annotation> methodAnnotations, String cacheName,
                       Class<? extends CacheResolverFactory> resolverFactory) {
}
