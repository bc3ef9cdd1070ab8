package io.clerkcache.jcache.bench;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheManager;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.internal.JCacheExtension;

/**
 * A hit on Redis through the {@code @CacheResult} interceptor next to a raw Redisson read of the same bytes: the
 * cache {@code bench} of {@link JCacheInterceptorBenchmark}'s Redis wiring (Redisson's JCache on the local Redis, JDK
 * serialization, a key prefix of this run's own), read as
 *
 * <ul>
 * <li>{@code interceptedHit}: a {@code @CacheResult} method of an {@code @ApplicationScoped} bean (Weld SE);</li>
 * <li>{@code directGet}: {@link Cache#get} of the entry's key (Redisson's JCache: a script that also checks the
 * entry's expiry);</li>
 * <li>{@code rawMapGet}: {@link RMap#get} of the same hash field with the same client and codec (one HGET), the
 * least any Redis cache can do for the same entry.</li>
 * </ul>
 * The goal of issue 10 is interceptedHit within 1.3 times rawMapGet. Not a test: run with
 * {@code mvn -B -Pbench test-compile exec:exec -Djmh.args='RedisHitBenchmark'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class RedisHitBenchmark {

    private WeldContainer container;
    private JCacheInterceptorBenchmark.Lookup lookup;
    private Cache<Object, Object> cache;
    private RMap<Object, Object> raw;
    private Object key;

    @Setup(Level.Trial)
    public void start() {
        container = new Weld("bench-redis-hit").disableDiscovery().addExtension(new JCacheExtension())
                .addBeanClasses(JCacheInterceptorBenchmark.RedisProducer.class, JCacheInterceptorBenchmark.Lookup.class)
                .initialize();
        lookup = container.select(JCacheInterceptorBenchmark.Lookup.class).get();
        lookup.find("user-1"); // the miss that fills the entry every benchmark reads
        cache = container.select(CacheManager.class).get().getCache("bench");
        key = new DefaultCacheKey(new Object[] {"user-1"});
        raw = container.select(RedissonClient.class).get().getMap("bench");
        Object cached = cache.get(key);
        if (cached == null || !cached.equals(raw.get(key))) {
            throw new IllegalStateException("the raw read does not find the cache's entry " + cached + ": "
                    + raw.get(key));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        container.close(); // destroys the cache: deletes this run's keys
    }

    @Benchmark
    public Object interceptedHit() {
        return lookup.find("user-1");
    }

    @Benchmark
    public Object directGet() {
        return Objects.requireNonNull(cache.get(key));
    }

    @Benchmark
    public Object rawMapGet() {
        return Objects.requireNonNull(raw.get(key));
    }
}
