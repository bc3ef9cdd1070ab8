package io.clerkcache.jcache.support;

import io.clerkcache.jcache.JCacheSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.cache.CacheManager;
import org.redisson.api.RedissonClient;

/** A Redisson JCache on a closed port (127.0.0.1:1) with 300 ms timeouts and no retries: every operation fails. */
public class UnreachableRedisProducer {

    /** {@code @Singleton}, not a normal scope: Redisson casts the client to its own class, a CDI proxy fails. */
    @Produces
    @Singleton
    RedissonClient client() {
        return RedissonFixture.client("redis://127.0.0.1:1", true);
    }

    void shutdown(@Disposes RedissonClient client) {
        client.shutdown();
    }

    @Produces
    @ApplicationScoped
    CacheManager cacheManager() {
        return RedissonFixture.cacheManager();
    }

    void close(@Disposes CacheManager cacheManager) {
        RedissonFixture.close(cacheManager, false);
    }

    @Produces
    @Singleton
    JCacheSettings settings(RedissonClient client) {
        return RedissonFixture.settings(client);
    }
}
