package io.clerkcache.jcache.support;

import io.clerkcache.jcache.JCacheSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.cache.CacheManager;
import org.redisson.api.RedissonClient;

/** A Redisson JCache on the real Redis at 127.0.0.1:6379; the run's keys are deleted when the container stops. */
public class LocalRedisProducer {

    /** {@code @Singleton}, not a normal scope: Redisson casts the client to its own class, a CDI proxy fails. */
    @Produces
    @Singleton
    RedissonClient client() {
        return RedissonFixture.client("redis://127.0.0.1:6379", false);
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
        RedissonFixture.close(cacheManager, true);
    }

    @Produces
    @Singleton
    JCacheSettings settings(RedissonClient client) {
        return RedissonFixture.settings(client);
    }
}
