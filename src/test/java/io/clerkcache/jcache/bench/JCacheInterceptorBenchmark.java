package io.clerkcache.jcache.bench;

import io.clerkcache.jcache.JCacheSettings;
import io.clerkcache.jcache.internal.CacheResultInterceptor;
import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.internal.JCacheExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.InvocationContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.codec.SerializationCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * What the {@code @CacheResult} interceptor costs on a hit, next to a direct {@link Cache#get} of the same entry in
 * the same cache: Caffeine in memory (store-by-reference, so neither side pays for copying) and Redisson on the
 * local Redis (JDK serialization). Not a test: run with {@code mvn -B -Pbench test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JCacheInterceptorBenchmark {

    /**
     * The {@code @CacheResult} interceptor's package-private {@code @AroundInvoke} method, called without Weld's
     * interception machinery. A constant handle, so the JIT compiles the call like a direct one.
     */
    private static final MethodHandle CACHE_RESULT = cacheResultMethod();

    private static MethodHandle cacheResultMethod() {
        try {
            return MethodHandles.privateLookupIn(CacheResultInterceptor.class, MethodHandles.lookup())
                    .findVirtual(CacheResultInterceptor.class, "cacheResult",
                            MethodType.methodType(Object.class, InvocationContext.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Param({"caffeine", "redis"})
    public String backend;

    private WeldContainer container;
    private Lookup lookup;
    private Cache<Object, Object> cache;
    private Object key;
    private CacheResultInterceptor interceptor;
    private InvocationContext invocation;

    @Setup(Level.Trial)
    public void start() throws Throwable {
        Class<?> producer = backend.equals("caffeine") ? CaffeineProducer.class : RedisProducer.class;
        container = new Weld("bench-" + backend).disableDiscovery().addExtension(new JCacheExtension())
                .addBeanClasses(producer, Lookup.class, Passthrough.PassthroughInterceptor.class).initialize();
        lookup = container.select(Lookup.class).get();
        lookup.find("user-1"); // the miss that fills the entry both benchmarks read
        cache = container.select(CacheManager.class).get().getCache("bench");
        key = new DefaultCacheKey(new Object[] {"user-1"});
        interceptor = new CacheResultInterceptor(); // finds the library's registry through CDI.current()
        invocation = new HitContext(new Lookup(), Lookup.class.getMethod("find", String.class), "user-1");
        if (cache.get(key) == null) {
            throw new IllegalStateException("entry not cached: the benchmark would measure misses");
        }
        supportOnlyHit(); // HitContext throws on a miss
    }

    @TearDown(Level.Trial)
    public void stop() {
        container.close();
    }

    @Benchmark
    public Object directGet() {
        return cache.get(key);
    }

    @Benchmark
    public Object interceptedHit() {
        return lookup.find("user-1");
    }

    /**
     * The library's own share of a hit: the {@code @CacheResult} interceptor's method called directly with a
     * ready-made invocation context, without Weld's interception machinery around it.
     */
    @Benchmark
    public Object supportOnlyHit() throws Throwable {
        return (Object) CACHE_RESULT.invokeExact(interceptor, invocation);
    }

    /** Baseline: the same call through a Weld interceptor that only proceeds (no cache at all). */
    @Benchmark
    public Object passthroughInterceptor() {
        return lookup.plain("user-1");
    }

    /** An invocation of {@code Lookup.find(id)} on a plain instance; proceeding would mean a miss, a bug here. */
    record HitContext(Object getTarget, Method getMethod, Object... parameters) implements InvocationContext {
        @Override
        public Object getTimer() {
            return null;
        }

        @Override
        public Constructor<?> getConstructor() {
            return null;
        }

        @Override
        public Object[] getParameters() {
            return parameters;
        }

        @Override
        public void setParameters(Object[] params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> getContextData() {
            return Map.of();
        }

        @Override
        public Object proceed() {
            throw new IllegalStateException("a miss: the benchmark must measure hits");
        }
    }

    @ApplicationScoped
    public static class Lookup {
        @CacheResult(cacheName = "bench")
        public String find(String id) {
            return "user " + id;
        }

        @Passthrough
        public String plain(String id) {
            return id;
        }
    }

    public static class CaffeineProducer {
        @Produces
        @ApplicationScoped
        CacheManager cacheManager() {
            CachingProvider p = Caching.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
            return p.getCacheManager(URI.create("bench:" + UUID.randomUUID()), p.getDefaultClassLoader());
        }

        void close(@Disposes CacheManager cm) {
            cm.close();
        }

        @Produces
        @Singleton
        JCacheSettings settings() {
            return JCacheSettings.defaults()
                    .withCacheConfiguration(name -> new MutableConfiguration<>().setStoreByValue(false));
        }
    }

    public static class RedisProducer {
        @Produces
        @Singleton
        RedissonClient client() {
            Config config = new Config().setCodec(new SerializationCodec()).setThreads(2).setNettyThreads(4);
            String prefix = "jcache-bench-" + UUID.randomUUID() + ":";
            config.useSingleServer().setAddress("redis://127.0.0.1:6379")
                    .setNameMapper(new org.redisson.config.NameMapper() {
                        @Override
                        public String map(String name) {
                            return prefix + name;
                        }

                        @Override
                        public String unmap(String name) {
                            return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
                        }
                    });
            return Redisson.create(config);
        }

        void shutdown(@Disposes RedissonClient client) {
            client.shutdown();
        }

        @Produces
        @ApplicationScoped
        CacheManager cacheManager() {
            CachingProvider p = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider");
            return p.getCacheManager(URI.create("bench:" + UUID.randomUUID()), p.getDefaultClassLoader());
        }

        void close(@Disposes CacheManager cm) {
            for (String name : cm.getCacheNames()) {
                cm.destroyCache(name);
            }
            cm.close();
        }

        @Produces
        @Singleton
        JCacheSettings settings(RedissonClient client) {
            return JCacheSettings.defaults().withCacheConfiguration(
                    name -> RedissonConfiguration.fromInstance(client, new MutableConfiguration<>()));
        }
    }
}
