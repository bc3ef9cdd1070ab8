package io.clerkcache.it.consumer;

import jakarta.enterprise.context.ApplicationScoped;

import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;

/**
 * A server action of the consumer that changed a user in Clerk by its own means and declares the invalidation
 * instead of calling the directory: clerk-cache binds the cache name {@code users} to its user cache.
 */
@ApplicationScoped
public class UserChangeActions {

    /** Called after the module changed user {@code id}; the annotation invalidates the cached copy on return. */
    @CacheRemove(cacheName = "users")
    public void changed(@CacheKey String id) {
        // the module's own write to Clerk would be here
    }
}
