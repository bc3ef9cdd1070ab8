package io.clerkcache.users.cache;

import java.lang.annotation.Annotation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.cache.Cache;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Resolves the logical cache names of the user directory ({@link UserCaches#USERS}, {@link UserCaches#USERNAMES}) to
 * the configured caches, so that annotations name a constant while the physical name carries the key prefix and the
 * configuration (TTL, size bound, codec) is applied once, by {@link UserCaches}.
 */
@ApplicationScoped
public class UserCacheResolverFactory implements CacheResolverFactory {

    private UserCaches caches;

    /** For CDI. */
    protected UserCacheResolverFactory() {
    }

    @Inject
    public UserCacheResolverFactory(UserCaches caches) {
        this.caches = caches;
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        // Fails at the first call of a method that names an unknown cache.
        return new Resolver(caches, UserCaches.requireKnown(details.getCacheName()));
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        // Only reached if a method names an exceptionCacheName: the user caches deliberately cache no exceptions
        // (a failing Clerk call must be retried, not remembered).
        throw new IllegalStateException("the user caches cache no exceptions; remove exceptionCacheName from "
                + details.getMethod());
    }

    private record Resolver(UserCaches caches, String name) implements CacheResolver {
        @Override
        @SuppressWarnings("unchecked")
        public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
            return (Cache<K, V>) caches.cache(name);
        }
    }
}
