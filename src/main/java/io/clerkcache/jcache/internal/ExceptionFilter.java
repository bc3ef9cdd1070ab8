package io.clerkcache.jcache.internal;

import java.util.List;

/**
 * Decides whether an exception thrown by a cached method triggers the cache action: {@code cachedExceptions /
 * nonCachedExceptions}, {@code cacheFor / noCacheFor}, {@code evictFor / noEvictFor}.
 *
 * <p>Both lists match subclasses. With only an include list the exception must be (a subclass of) one of them; with
 * only an exclude list it must not be; with both it must be included and not excluded. With both lists empty the
 * answer is {@code matchIfBothEmpty}: {@code true} for {@code @CacheResult}'s exception cache (every exception is
 * cached), {@code false} for {@code @CachePut} and the removals (an exception means no put and no eviction). These are
 * the reference implementation's rules.
 *
 * @param includes         the include list
 * @param excludes         the exclude list
 * @param matchIfBothEmpty the answer when both lists are empty
 */
record ExceptionFilter(List<Class<? extends Throwable>> includes, List<Class<? extends Throwable>> excludes,
                       boolean matchIfBothEmpty) {

    ExceptionFilter(Class<? extends Throwable>[] includes, Class<? extends Throwable>[] excludes,
                    boolean matchIfBothEmpty) {
        this(List.of(includes), List.of(excludes), matchIfBothEmpty);
    }

    boolean matches(Throwable t) {
        if (includes.isEmpty() && excludes.isEmpty()) {
            return matchIfBothEmpty;
        }
        Class<?> type = t.getClass();
        boolean included = includes.isEmpty() || includes.stream().anyMatch(c -> c.isAssignableFrom(type));
        return included && excludes.stream().noneMatch(c -> c.isAssignableFrom(type));
    }
}
