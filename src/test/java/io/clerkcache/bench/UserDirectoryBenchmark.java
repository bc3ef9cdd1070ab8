package io.clerkcache.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.control.RequestContextController;

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

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.BulkLoader;
import io.clerkcache.jcache.LoadingCache;
import io.clerkcache.jcache.ValueLoader;
import io.clerkcache.users.DirectoryInstances;
import io.clerkcache.users.GeneratingClerkServer;
import io.clerkcache.users.RequestOrigin;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserCaches;

/**
 * The user directory's read paths on a hit, as the application wires them (Weld SE, MicroProfile Config, the JCache
 * library, {@link UserCaches} on the real Redis at 127.0.0.1:6379 under a key prefix of this run's own), each next to
 * what it is compared with. Users are Clerk's fully populated example user (3.6 KB of JSON), cached before the
 * measurement from a local Clerk stand-in that knows every id; nothing measured reaches it (checked at the end).
 *
 * <ul>
 * <li>{@code memoHit}: {@link UserDirectory#byId} inside an HTTP request that has looked the user up already (the
 * request memo);</li>
 * <li>{@code directoryRedisHit}: {@link UserDirectory#byId} outside a request: the shared cache on Redis;</li>
 * <li>{@code loadingCacheRedisHit}: the same read through the library's {@link LoadingCache} directly;</li>
 * <li>{@code rawRedisHget}: Redisson's {@link RMap#get} of the same hash field with the same client and codec
 * (the cache's own bytes, decoded alike): what a hand-written Redis read costs;</li>
 * <li>{@code getAll100} and {@code get100}: 100 cached users through {@link LoadingCache#getAll} (one multi-get)
 * and through 100 single {@link LoadingCache#get}s.</li>
 * </ul>
 * Not a test: run with {@code mvn -B -Pbench test-compile exec:exec -Djmh.args='UserDirectoryBenchmark'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class UserDirectoryBenchmark {

    private static final int BATCH = 100;

    private static final ValueLoader<String, CachedUser, RuntimeException> NO_LOAD = id -> {
        throw new IllegalStateException("a miss of " + id + ": the benchmark must measure hits");
    };
    private static final BulkLoader<String, CachedUser, RuntimeException> NO_BULK_LOAD = ids -> {
        throw new IllegalStateException("misses of " + ids + ": the benchmark must measure hits");
    };

    private GeneratingClerkServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance instance;
    private UserDirectory directory;
    private LoadingCache<String, CachedUser> users;
    private RMap<String, Object> rawUsers;
    private String id;
    private Set<String> batch;
    private long clerkCallsBefore;

    @Setup(Level.Trial)
    public void start() {
        clerk = new GeneratingClerkServer();
        instances = new DirectoryInstances(DirectoryInstances.Backend.REDIS, clerk.baseUrl(), Duration.ofMinutes(1))
                .with("clerk.cache.key-prefix", "bench-directory:" + java.util.UUID.randomUUID() + ":");
        instance = instances.start();
        directory = instance.directory();
        UserCaches caches = instance.caches();
        users = caches.users();
        rawUsers = caches.redis().orElseThrow(() -> new IllegalStateException("not on Redis"))
                .getMap(caches.physicalName(UserCaches.USERS));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            ids.add(String.format("user_bench%020d", i));
        }
        id = ids.get(0);
        batch = new LinkedHashSet<>(ids);
        directory.byIds(ids); // the misses that cache every user read below
        if (users.getAllIfPresent(batch).size() != BATCH) {
            throw new IllegalStateException("users not cached: the benchmark would measure misses");
        }
        Object raw = rawUsers.get(id);
        if (!(raw instanceof CachedUser cached) || !cached.user().id().equals(id)) {
            throw new IllegalStateException("the raw read does not find the cache's entry: " + raw);
        }
        clerkCallsBefore = clerk.calls();
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            if (clerk.calls() != clerkCallsBefore) {
                throw new IllegalStateException((clerk.calls() - clerkCallsBefore)
                        + " Clerk calls during the measurement: it measured misses");
            }
        } finally {
            instances.close(); // deletes this run's hashes
            clerk.close();
        }
    }

    /** An HTTP request (as the web layer marks one) on the benchmark thread that has looked the user up once. */
    @State(Scope.Thread)
    public static class InRequest {
        RequestContextController request;

        @Setup(Level.Iteration)
        public void begin(UserDirectoryBenchmark b) {
            request = b.instance.bean(RequestContextController.class);
            request.activate();
            b.instance.bean(RequestOrigin.class).markHttp("127.0.0.1");
            b.directory.byId(b.id);
        }

        @TearDown(Level.Iteration)
        public void end() {
            request.deactivate();
        }
    }

    @Benchmark
    public ClerkUser memoHit(InRequest request) {
        return directory.byId(id).orElseThrow();
    }

    @Benchmark
    public ClerkUser directoryRedisHit() {
        return directory.byId(id).orElseThrow();
    }

    @Benchmark
    public CachedUser loadingCacheRedisHit() {
        return users.get(id, NO_LOAD);
    }

    @Benchmark
    public Object rawRedisHget() {
        return Objects.requireNonNull(rawUsers.get(id));
    }

    @Benchmark
    public Map<String, CachedUser> getAll100() {
        Map<String, CachedUser> all = users.getAll(batch, NO_BULK_LOAD);
        if (all.size() != BATCH) {
            throw new IllegalStateException("a miss: " + all.size());
        }
        return all;
    }

    @Benchmark
    public int get100() {
        int found = 0;
        for (String each : batch) {
            if (users.get(each, NO_LOAD) != null) {
                found++;
            }
        }
        return found;
    }
}
