package io.clerkcache.jcache.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheMethodDetails;

/**
 * {@link CacheMethodDetails} of a parsed method, handed to custom {@code CacheResolverFactory} beans: the same
 * details for {@code getCacheResolver} and {@code getExceptionCacheResolver}, as the reference implementation does
 * (a factory reads the exception cache's name from the annotation).
 */
record MethodDetails<A extends Annotation>(Method getMethod, Set<Annotation> getAnnotations,
                                           A getCacheAnnotation, String getCacheName)
        implements CacheMethodDetails<A> {

    @SuppressWarnings("unchecked")
    static <A extends Annotation> MethodDetails<A> of(OperationTarget target) {
        return new MethodDetails<>(target.method(), target.methodAnnotations(), (A) target.annotation(),
                target.cacheName());
    }
}
