package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import javax.cache.CacheException;

import jakarta.json.Json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.jcache.CacheStatistics;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.RedisBreaker;
import io.clerkcache.users.cache.RedisOutages;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.webhook.Deliveries;
import io.clerkcache.webhook.WebhookReceiver;

/**
 * Redis going away and coming back under a running service: Weld SE instances with Redis behind a {@link RedisProxy}
 * that plays a stopped or a hung Redis, and the simulator over HTTP as Clerk, counting calls. Each test opens the
 * breaker by looking users up (which must keep answering), then checks what is served, asked of Clerk and reported,
 * while open and after Redis's return.
 */
class RedisOutageTest {

    /** How Redis fails. */
    enum Outage {
        /** Stopped or killed: connections closed, new ones refused. */
        STOPPED,
        /** Hung (SIGSTOP): connections accepted, nothing answered. */
        HUNG
    }

    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(300);
    private static final int ROUNDS = 5;
    private static final int THREADS = 12;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final Deliveries deliveries = new Deliveries(DirectoryInstances.WEBHOOK_SECRET);
    private SimulatorHttpServer clerk;
    private RedisProxy proxy;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance service;

    private void start(Duration clerkLatency) throws IOException {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(60, SimulatorSettings.DEFAULT_SEED, clerkLatency, 100_000)));
        proxy = new RedisProxy(6379);
        instances = new DirectoryInstances(Backend.REDIS, clerk.baseUrl(), Duration.ofSeconds(60))
                .with("redis.url", proxy.url())
                .with("redis.timeout", REDIS_TIMEOUT.toMillis() + "ms")
                .with("redis.connect-timeout", REDIS_TIMEOUT.toMillis() + "ms")
                .with("redis.breaker.failures", "3")
                .with("redis.breaker.probe-interval", "200ms");
        service = instances.start();
    }

    @AfterEach
    void stop() throws IOException {
        pool.shutdownNow();
        try {
            if (proxy != null) {
                proxy.pass(); // so that the instances' keys can be deleted
            }
            if (instances != null) {
                awaitClosedQuietly();
                instances.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (clerk != null) {
                clerk.close();
            }
        }
    }

    static Stream<Arguments> outagesAndLatencies() {
        return Stream.of(Outage.values()).flatMap(o -> Stream.of(Arguments.of(o, Duration.ZERO),
                Arguments.of(o, Duration.ofMillis(20))));
    }

    @ParameterizedTest
    @MethodSource("outagesAndLatencies")
    void outage_breakerOpensThenHotUsersCostOneClerkCallEach_noLookupFailsAndNoRedisTimeoutPaid(Outage outage,
            Duration latency) throws Exception {
        start(latency);
        String cachedBefore = user(0);
        lookUp(cachedBefore);

        cut(outage);
        openBreakerByLookups();
        long errorsWhileOpen = redisErrors();

        for (int round = 0; round < ROUNDS; round++) {
            String hot = user(10 + round);
            int callsBefore = clerkCallsFor(hot);
            long started = System.nanoTime();
            concurrently(() -> lookUp(hot));
            concurrently(() -> lookUp(hot));
            long took = System.nanoTime() - started;

            assertEquals(callsBefore + 1, clerkCallsFor(hot), "round " + round + ": one Clerk call for "
                    + 2 * THREADS + " lookups of one user while Redis is down");
            assertTrue(took < REDIS_TIMEOUT.toNanos() * 3, "round " + round + ": lookups did not wait for Redis ("
                    + took / 1_000_000 + " ms)");
        }
        assertTrue(breaker().isOpen());
        assertEquals(errorsWhileOpen, redisErrors(), "no Redis command was tried while the breaker was open");
        assertTrue(service.caches().localLayerEntries() >= ROUNDS, "the hot users are held in this JVM");
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void redisReturns_breakerClosesWithin5s_localLayerDroppedAndRedisUsedAgain(Outage outage) throws Exception {
        start(Duration.ZERO);
        cut(outage);
        openBreakerByLookups();
        lookUp(user(1));
        assertTrue(service.caches().localLayerEntries() > 0);

        proxy.pass();
        long back = System.nanoTime();
        await("the breaker closes after Redis's return", Duration.ofSeconds(5),
                () -> breaker().state() == RedisBreaker.State.CLOSED);
        long closedAfterMillis = (System.nanoTime() - back) / 1_000_000;

        assertEquals(0, service.caches().localLayerEntries(), "the in-JVM layer is dropped");
        String fresh = user(2);
        lookUp(fresh);
        assertTrue(idsInRedis().contains(fresh), "written to Redis again (closed " + closedAfterMillis
                + " ms after the return)");
        DirectoryInstances.Instance other = instances.start();
        int calls = clerk.requests().size();
        assertTrue(other.directory().byId(fresh).isPresent());
        assertEquals(calls, clerk.requests().size(), "another instance reads it from Redis");
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void outageEnds_entriesWrittenBeforeItAreNotValidAfter_otherInstancesLearnTheInstant(Outage outage)
            throws Exception {
        start(Duration.ZERO);
        RedisOutages outages = service.bean(RedisOutages.class);
        String id = user(3);
        lookUp(id);
        Instant fetched = cachedInRedis(id).fetchedAt();
        assertEquals(Instant.EPOCH, outages.entriesValidAfter(), "no outage yet");

        cut(outage);
        openBreakerByLookups();
        proxy.pass();
        awaitClosed();

        Instant validAfter = outages.entriesValidAfter();
        assertTrue(validAfter.isAfter(fetched), "the entry cached before the outage is not fresh: fetched " + fetched
                + ", valid after " + validAfter);
        assertEquals(fetched, cachedInRedis(id).fetchedAt(), "it is still the pre-outage entry in Redis");
        DirectoryInstances.Instance other = instances.start();
        RedisOutages otherOutages = other.bean(RedisOutages.class);
        await("a new instance reads the shared instant", Duration.ofSeconds(10),
                () -> validAfter.equals(otherOutages.entriesValidAfter()));
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void invalidationDuringOutage_appliedInThisJvmReportedAsMissed_andThePreOutageEntryNotFreshAfterReturn(
            Outage outage) throws Exception {
        start(Duration.ZERO);
        String id = user(4);
        lookUp(id);
        Instant fetched = cachedInRedis(id).fetchedAt();
        cut(outage);
        openBreakerByLookups();
        String before = firstName(id); // loaded into the in-JVM layer
        assertNotEquals("Ada", before);
        ClerkEdits.set(clerk.simulator(), id, "first_name", "Ada");

        assertEquals(before, firstName(id), "the copy held in this JVM is served until invalidated");
        assertThrows(CacheException.class, () -> service.directory().invalidate(id),
                "Redis missed the invalidation: the caller must know");
        int calls = clerkCallsFor(id);
        assertEquals("Ada", firstName(id), "applied in this JVM");
        assertEquals(calls + 1, clerkCallsFor(id));

        proxy.pass();
        awaitClosed();
        assertTrue(cachedInRedis(id).fetchedAt().isBefore(service.bean(RedisOutages.class).entriesValidAfter()),
                "the old entry in Redis (fetched " + fetched + ") is not fresh after the return");
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void webhookWhileOpen_503AtOnce_thenAppliedAfterReturn(Outage outage) throws Exception {
        start(Duration.ZERO);
        String id = user(5);
        long version = service.directory().byId(id).orElseThrow().updatedAt();
        WebhookReceiver receiver = service.bean(WebhookReceiver.class);
        Deliveries.Delivery d = deliveries.event("user.updated", Json.createObjectBuilder(clerk.simulator().user(id))
                .add("first_name", "Grace").add("updated_at", version + 1000).build());
        cut(outage);
        openBreakerByLookups();

        long started = System.nanoTime();
        WebhookReceiver.Result refused = receiver.receive(d.id(), d.timestamp(), d.signature(), d.body());
        long took = System.nanoTime() - started;

        assertEquals(503, refused.status(), "Svix must deliver it again");
        assertTrue(took < REDIS_TIMEOUT.toNanos(), "answered without waiting for Redis (" + took / 1_000_000
                + " ms)");
        proxy.pass();
        awaitClosed();
        Deliveries.Delivery again = d.again(deliveries, Instant.now());
        assertEquals(200, receiver.receive(again.id(), again.timestamp(), again.signature(), again.body()).status());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private String user(int n) {
        return clerk.simulator().userIds().get(n);
    }

    private void lookUp(String id) {
        assertTrue(service.directory().byId(id).isPresent(), "a lookup of " + id + " answered");
    }

    private String firstName(String id) {
        return service.directory().byId(id).orElseThrow().firstName();
    }

    private int clerkCallsFor(String id) {
        return (int) clerk.requests().stream().filter(r -> r.path().endsWith("/" + id)
                || r.queryValues("user_id").contains(id)).count();
    }

    private RedisBreaker breaker() {
        return service.caches().breaker().orElseThrow();
    }

    private long redisErrors() {
        CacheStatistics statistics = service.bean(CacheStatistics.class);
        long n = 0;
        for (String cache : List.of(UserCaches.USERS, UserCaches.USERS_MISSING, UserCaches.USERS_DELETED)) {
            n += statistics.snapshot(service.caches().physicalName(cache)).backendErrors();
        }
        return n;
    }

    private void cut(Outage outage) throws IOException {
        if (outage == Outage.STOPPED) {
            proxy.stop();
        } else {
            proxy.hang();
        }
    }

    /** Looks up users Redis never held until the breaker opens; each lookup must answer. */
    private void openBreakerByLookups() {
        int n = 30;
        while (breaker().state() == RedisBreaker.State.CLOSED) {
            assertTrue(n < 59, "the breaker did not open");
            lookUp(user(n++));
        }
    }

    private void awaitClosed() {
        await("the breaker closes", Duration.ofSeconds(10), () -> breaker().state() == RedisBreaker.State.CLOSED);
    }

    private void awaitClosedQuietly() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service != null && breaker().isOpen() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private void concurrently(Runnable lookup) throws Exception {
        CyclicBarrier go = new CyclicBarrier(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            done.add(pool.submit(() -> {
                go.await();
                lookup.run();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** The entry in Redis (read through the cache while the breaker is closed). */
    private CachedUser cachedInRedis(String id) {
        assertEquals(RedisBreaker.State.CLOSED, breaker().state());
        Object entry = service.caches().cache(UserCaches.USERS).get(id);
        assertTrue(entry instanceof CachedUser, "an entry of " + id + " in Redis: " + entry);
        return (CachedUser) entry;
    }

    private List<String> idsInRedis() {
        Config c = new Config();
        c.useSingleServer().setAddress("redis://127.0.0.1:6379");
        c.setCodec(StringCodec.INSTANCE);
        RedissonClient raw = Redisson.create(c);
        try {
            return List.copyOf(raw.<String, String>getMap(service.caches().physicalName(UserCaches.USERS)).keySet());
        } finally {
            raw.shutdown();
        }
    }
}
