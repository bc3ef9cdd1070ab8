package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.client.codec.StringCodec;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.UserCaches;

/**
 * Single flight across instances: two instances sharing Redis, many concurrent lookups of one cold user on both,
 * released together; the instance that leads takes the load lease, the other waits for its answer, and Clerk is
 * asked once. Also what happens when the lease's holder died and when Redis does not answer.
 */
class CrossInstanceSingleFlightTest {

    private static final int ROUNDS = 50;
    private static final int PER_INSTANCE = 4;

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private void start(long latencyMillis) {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(ROUNDS + 5, SimulatorSettings.DEFAULT_SEED, Duration.ofMillis(latencyMillis), 0)));
        instances = new DirectoryInstances(Backend.REDIS, clerk.baseUrl(), Duration.ofSeconds(60))
                .with("clerk.caller-limit.rate", "0");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (instances != null) {
            instances.close();
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    @ParameterizedTest(name = "Clerk latency {0} ms")
    @ValueSource(longs = {0, 20})
    void byId_coldUserOnTwoInstancesAtOnce_oneClerkCall(long latencyMillis) throws Exception {
        start(latencyMillis);
        List<DirectoryInstances.Instance> both = List.of(instances.start(), instances.start());
        both.forEach(CrossInstanceSingleFlightTest::connect);
        List<UserDirectory> directories = both.stream().map(DirectoryInstances.Instance::directory).toList();
        for (int round = 0; round < ROUNDS; round++) {
            String id = clerk.simulator().userIds().get(round);
            CyclicBarrier together = new CyclicBarrier(2 * PER_INSTANCE);
            List<Future<Optional<ClerkUser>>> lookups = new ArrayList<>();
            for (UserDirectory directory : directories) {
                for (int i = 0; i < PER_INSTANCE; i++) {
                    lookups.add(pool.submit(() -> {
                        together.await();
                        return directory.byId(id);
                    }));
                }
            }
            for (Future<Optional<ClerkUser>> lookup : lookups) {
                assertEquals(id, lookup.get(30, TimeUnit.SECONDS).orElseThrow().id());
            }
            int r = round;
            assertEquals(1, callsFor(id), () -> "round " + r + ": Clerk calls for " + id + "; leases "
                    + both.stream().map(CrossInstanceSingleFlightTest::leases).toList());
        }
    }

    @Test
    void byId_leaseHolderDiedAndItsLeaseExpiresDuringTheWait_loadsOnceItIsGone() {
        start(0);
        instances.with("clerk.cache.lease-wait", "10s");
        DirectoryInstances.Instance one = instances.start();
        connect(one);
        String id = clerk.simulator().userIds().get(0);
        deadLease(one, id, Duration.ofMillis(300));

        assertEquals(id, one.directory().byId(id).orElseThrow().id());

        assertEquals(1, callsFor(id));
        assertEquals(1, leases(one, "led"), () -> "took the lease once the dead holder's expired: " + leases(one));
    }

    @Test
    void byId_leaseHolderDiedAndItsLeaseOutlivesTheWait_loadsAfterTheWait() {
        start(0);
        instances.with("clerk.cache.lease-wait", "200ms");
        DirectoryInstances.Instance one = instances.start();
        connect(one);
        String id = clerk.simulator().userIds().get(0);
        deadLease(one, id, Duration.ofSeconds(60));

        assertEquals(id, one.directory().byId(id).orElseThrow().id());

        assertEquals(1, callsFor(id));
        assertEquals(1, leases(one, "gave-up"));
    }

    @Test
    void byId_redisDown_loadsAtOnceWithoutWaitingForALease() throws IOException {
        start(0);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        instances.with("redis.url", "redis://127.0.0.1:" + closedPort).with("clerk.cache.lease-wait", "60s");
        DirectoryInstances.Instance one = instances.start();
        String id = clerk.simulator().userIds().get(0);

        Future<Optional<ClerkUser>> lookup = pool.submit(() -> one.directory().byId(id));

        // far less than the lease wait: the lookup did not wait for a lease it could not read
        assertEquals(id, assertDoesNotWait(lookup).orElseThrow().id());
        assertEquals(1, callsFor(id));
        assertEquals(1, leases(one, "error"));
    }

    private static <T> T assertDoesNotWait(Future<T> lookup) {
        try {
            return lookup.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the lookup did not return within 20 s", e);
        }
    }

    /** A lease on {@code id} as a holder that died (and so never releases it) would have left it. */
    private void deadLease(DirectoryInstances.Instance instance, String id, Duration left) {
        UserCaches caches = instance.caches();
        boolean taken = caches.redis().orElseThrow().<String>getBucket(caches.keyPrefix() + "lease:users:" + id,
                StringCodec.INSTANCE).setIfAbsent("dead-instance:token", left);
        assertTrue(taken);
    }

    /** Lets the instance's Redis client connect (it connects on first use) before the test counts on it. */
    private static void connect(DirectoryInstances.Instance instance) {
        DirectoryInstances.awaitCondition("the Redis client is connected", () -> {
            try {
                instance.caches().cache(UserCaches.USERS).get("user_connect");
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private static String leases(DirectoryInstances.Instance instance) {
        return java.util.stream.Stream.of("led", "waited", "gave-up", "error")
                .map(o -> o + "=" + leases(instance, o)).toList().toString();
    }

    private static long leases(DirectoryInstances.Instance instance, String outcome) {
        return instance.bean(Recorder.class).leaseCount(instance.caches().physicalName(UserCaches.USERS), outcome);
    }

    private long callsFor(String id) {
        return clerk.requests().stream().filter(r -> r.path().equals("/v1/users/" + id)).count();
    }
}
