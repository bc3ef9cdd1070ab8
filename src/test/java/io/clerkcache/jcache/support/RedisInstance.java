package io.clerkcache.jcache.support;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * One application instance's view of the real Redis at 127.0.0.1:6379: its own Redisson client and CacheManager,
 * with every key under a prefix that the instances of one test share and nothing else uses. Two of them in one JVM
 * see the same entries exactly as two servers would, and share nothing else. Closing destroys the caches it
 * created (their Redis keys) and shuts the client down.
 */
public final class RedisInstance implements AutoCloseable {

    private final RedissonClient client;
    private final CacheManager cacheManager;

    private RedisInstance(RedissonClient client, CacheManager cacheManager) {
        this.client = client;
        this.cacheManager = cacheManager;
    }

    /** A prefix for the instances of one test. */
    public static String newPrefix() {
        return RedissonFixture.newPrefix();
    }

    /** A new instance on the keys under {@code prefix}. */
    public static RedisInstance connect(String prefix) {
        return new RedisInstance(RedissonFixture.client("redis://127.0.0.1:6379", prefix, false),
                RedissonFixture.cacheManager());
    }

    /** This instance's cache {@code name}, untyped so that it can hold invalidation markers; created on first use. */
    public Cache<Object, Object> cache(String name) {
        Cache<Object, Object> cache = cacheManager.getCache(name);
        return cache != null ? cache
                : cacheManager.createCache(name, RedissonConfiguration.fromInstance(client,
                        new MutableConfiguration<Object, Object>()));
    }

    @Override
    public void close() {
        try {
            RedissonFixture.close(cacheManager, true);
        } finally {
            client.shutdown();
        }
    }
}
