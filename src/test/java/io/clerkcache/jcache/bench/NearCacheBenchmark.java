package io.clerkcache.jcache.bench;

import java.io.InputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.cache.Cache;

import jakarta.json.Json;
import jakarta.json.JsonReader;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.config.MapConfig;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * A hit of one cached user in the production user cache on the local Redis (JSON entries, signed), with the near cache
 * in front ({@code near=true}: answered in this JVM) and without ({@code near=false}: a Redis round trip and JSON
 * parsing per read). Not a test: run with
 * {@code mvn -B -Pbench test-compile exec:exec -Djmh.args='NearCacheBenchmark'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NearCacheBenchmark {

    @Param({"true", "false"})
    public boolean near;

    private UserCaches caches;
    private Cache<Object, Object> users;
    private String id;

    @Setup
    public void setUp() throws Exception {
        caches = new UserCaches(new UserCacheConfig(MapConfig.of(Map.of(
                "redis.url", "redis://127.0.0.1:6379",
                "clerk.cache.key-prefix", "bench-near:" + UUID.randomUUID() + ":",
                "clerk.cache.integrity-key", Base64.getEncoder().encodeToString(new byte[32]),
                "clerk.cache.near.enabled", Boolean.toString(near)))), null, null);
        users = caches.cache(UserCaches.USERS);
        ClerkUser user;
        try (InputStream in = NearCacheBenchmark.class.getResourceAsStream("/clerk/user-example.json");
             JsonReader reader = Json.createReader(in)) {
            user = ClerkUser.of(reader.readObject());
        }
        id = user.id();
        users.put(id, new CachedUser(user, Instant.now()));
        if (near) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (caches.nearUse(UserCaches.USERS).orElseThrow().entries() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the near cache never subscribed");
                }
                users.get(id);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    @TearDown
    public void tearDown() {
        users.clear(); // the Redisson client's threads end with the forked JVM
    }

    @Benchmark
    public Object hit() {
        return users.get(id);
    }
}
