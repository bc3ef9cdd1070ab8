package io.clerkcache.jcache.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheMethodDetails;

/** {@link CacheMethodDetails} of a parsed method, handed to custom {@code CacheResolverFactory} beans. */
record MethodDetails<A extends Annotation>(Method getMethod, Set<Annotation> getAnnotations,
                                           A getCacheAnnotation, String getCacheName)
        implements CacheMethodDetails<A> {

    @SuppressWarnings("unchecked")
    static <A extends Annotation> MethodDetails<A> of(CacheMethod m) {
        return new MethodDetails<>(m.method(), m.methodAnnotations(), (A) m.annotation(), m.cacheName());
    }

    /** The same method, named after its exception cache (what {@code getExceptionCacheResolver} is told). */
    MethodDetails<A> forExceptionCache(String exceptionCacheName) {
        return new MethodDetails<>(getMethod, getAnnotations, getCacheAnnotation, exceptionCacheName);
    }
}
