package io.clerkcache.it.consumer;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/**
 * A consumer module's own cached bean, on a cache name of its own, in the module's own cache manager
 * ({@link QuoteCaches}): the JCache jar's interceptors serve it like clerk-cache's own caches. Counts how often the
 * method body ran.
 */
@ApplicationScoped
@CacheDefaults(cacheName = QuoteService.CACHE, cacheResolverFactory = QuoteCaches.class)
public class QuoteService {

    /** The consumer's own cache name. */
    public static final String CACHE = "consumer-quotes";

    private final AtomicInteger computed = new AtomicInteger();

    /** A value worth caching; the body runs only on a miss. */
    @CacheResult
    public String quote(String symbol) {
        return symbol + " quote #" + computed.incrementAndGet();
    }

    /** Forgets the cached quote of {@code symbol}. */
    @CacheRemove
    public void forget(String symbol) {
        // the annotation does the work
    }

    /** How often {@link #quote} computed a value. */
    public int computed() {
        return computed.get();
    }
}
