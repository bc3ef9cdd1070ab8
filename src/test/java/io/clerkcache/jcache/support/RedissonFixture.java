package io.clerkcache.jcache.support;

import io.clerkcache.jcache.JCacheSettings;
import java.net.URI;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.codec.SerializationCodec;
import org.redisson.config.Config;
import org.redisson.config.NameMapper;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * Shared wiring of the two Redisson producers: the provider selected by class name, a small client (the defaults
 * start 48 threads), JDK serialization as the value format (keys are {@code GeneratedCacheKey}s, which the spec
 * makes Serializable), and every Redis key prefixed with a per-container id so runs never see each other's
 * entries.
 */
public final class RedissonFixture {

    /** Selected by class name: with Caffeine also on the classpath, {@code Caching.getCachingProvider()} throws. */
    public static final String REDISSON = "org.redisson.jcache.JCachingProvider";

    private RedissonFixture() {
    }

    static RedissonClient client(String address, boolean failFast) {
        return client(address, newPrefix(), failFast);
    }

    /** A key prefix no other run or test uses. */
    static String newPrefix() {
        return "jcache-test-" + UUID.randomUUID() + ":";
    }

    /** A client whose every Redis key starts with {@code prefix}: clients with the same prefix share entries. */
    static RedissonClient client(String address, String prefix, boolean failFast) {
        Config config = new Config()
                .setCodec(new SerializationCodec())
                .setThreads(2)
                .setNettyThreads(4)
                .setLazyInitialization(true); // never touch Redis while the container starts
        config.useSingleServer()
                .setAddress(address)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setNameMapper(new NameMapper() {
                    @Override
                    public String map(String name) {
                        return prefix + name;
                    }

                    @Override
                    public String unmap(String name) {
                        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
                    }
                });
        if (failFast) {
            config.useSingleServer().setTimeout(300).setConnectTimeout(300).setRetryAttempts(0);
        }
        return Redisson.create(config);
    }

    static CacheManager cacheManager() {
        CachingProvider provider = Caching.getCachingProvider(REDISSON);
        return provider.getCacheManager(URI.create("redisson-test:" + UUID.randomUUID()),
                provider.getDefaultClassLoader());
    }

    /** Caches created on demand are Redisson caches on this client. */
    static JCacheSettings settings(RedissonClient client) {
        return JCacheSettings.defaults()
                .withCacheConfiguration(name -> RedissonConfiguration.fromInstance(client, new MutableConfiguration<>()));
    }

    static void close(CacheManager cacheManager, boolean destroyCaches) {
        if (destroyCaches) {
            for (String name : cacheManager.getCacheNames()) {
                cacheManager.destroyCache(name); // deletes the Redis keys of this run
            }
        }
        cacheManager.close();
    }
}
