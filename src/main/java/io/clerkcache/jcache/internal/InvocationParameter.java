package io.clerkcache.jcache.internal;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;

/** One argument of an intercepted call, as {@link CacheInvocationParameter}. */
record InvocationParameter(Class<?> getRawType, Object getValue, Set<Annotation> getAnnotations,
                           int getParameterPosition) implements CacheInvocationParameter {
}
