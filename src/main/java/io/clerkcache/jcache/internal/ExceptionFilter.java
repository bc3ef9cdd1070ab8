package io.clerkcache.jcache.internal;

import java.util.List;

/**
 * Decides whether an exception thrown by a cached method triggers the cache action: {@code cachedExceptions /
 * nonCachedExceptions}, {@code cacheFor / noCacheFor}, {@code evictFor / noEvictFor}.
 *
 * <p>Both lists match subclasses. With both empty every exception matches; with only an include list an exception
 * matches when it is (a subclass of) one of them; with only an exclude list it matches unless it is (a subclass of)
 * one of them; with both it must be included and not excluded. This is how the JSR-107 javadoc reads, and what
 * Spring's JCache support does.
 */
record ExceptionFilter(List<Class<? extends Throwable>> includes, List<Class<? extends Throwable>> excludes) {

    ExceptionFilter(Class<? extends Throwable>[] includes, Class<? extends Throwable>[] excludes) {
        this(List.of(includes), List.of(excludes));
    }

    boolean matches(Throwable t) {
        Class<?> type = t.getClass();
        boolean included = includes.isEmpty() || includes.stream().anyMatch(c -> c.isAssignableFrom(type));
        return included && excludes.stream().noneMatch(c -> c.isAssignableFrom(type));
    }
}
