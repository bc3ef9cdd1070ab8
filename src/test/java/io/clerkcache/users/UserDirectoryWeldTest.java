package io.clerkcache.users;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Produces;
import jakarta.json.Json;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkCallStats;
import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.clerk.LocalClerkRateBudget;
import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorRequest;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.simulator.TestClock;
import io.clerkcache.users.cache.LookupStats;
import io.clerkcache.users.cache.StringKeyGenerator;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCacheResolverFactory;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.users.cache.UserLoader;
import io.smallrye.config.inject.ConfigExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directory's rules in a real CDI container (Weld SE, the project's JCache interceptors, Caffeine's JCache, real
 * MicroProfile Config) against the simulator served over real HTTP, with a clock the test moves.
 */
class UserDirectoryWeldTest {

    private static final TestClock CLOCK = new TestClock();
    private static SimulatorHttpServer clerk;
    private static WeldContainer container;

    private UserDirectory directory;
    private ClerkSimulator simulator;

    /** The test's clock instead of the system clock. */
    @ApplicationScoped
    public static class TestClockProducer {
        @Produces
        Clock clock() {
            return CLOCK;
        }
    }

    @BeforeAll
    static void boot() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig()); // drop another test's config
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(50, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0), CLOCK,
                TimeUnit.MILLISECONDS::sleep));
        System.setProperty("clerk.secret-key", "sk_test_directory");
        System.setProperty("clerk.api-url", clerk.baseUrl().toString());
        System.setProperty("clerk.cache.negative-ttl", "60s");
        System.setProperty("clerk.cache.key-prefix", "weld-test:");
        container = JCacheTesting.weld(ClerkConfig.class, ClerkCallStats.class, LocalClerkRateBudget.class,
                        ClerkClient.class, UserCacheConfig.class, UserCaches.class, UserCacheResolverFactory.class,
                        StringKeyGenerator.class, UserLoader.class, LookupStats.class, RequestMemos.class,
                        RequestMemo.class, UserDirectory.class, TestClockProducer.class,
                        io.clerkcache.users.cache.JCacheSettingsProducer.class)
                .addExtension(new ConfigExtension())
                .initialize();
    }

    @AfterAll
    static void shutdown() {
        if (container != null) {
            container.close();
        }
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
        for (String key : List.of("clerk.secret-key", "clerk.api-url", "clerk.cache.negative-ttl",
                "clerk.cache.key-prefix")) {
            System.clearProperty(key);
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    @BeforeEach
    void freshState() {
        directory = container.select(UserDirectory.class).get();
        directory.invalidateAll();
        simulator = clerk.simulator();
        simulator.reset(true);
    }

    @Test
    void byId_outsideARequest_secondLookupFromTheCache() {
        String id = simulator.userIds().get(0);

        assertTrue(directory.byId(id).isPresent());
        assertTrue(directory.byId(id).isPresent());

        assertEquals(1, simulator.totalCalls());
    }

    @Test
    void byId_insideARequest_secondLookupFromTheMemoEvenAfterTheCacheLostIt() {
        String id = simulator.userIds().get(1);
        RequestContextController request = container.select(RequestContextController.class).get();
        request.activate();
        try {
            directory.byId(id);
            container.select(UserCaches.class).get().cache(UserCaches.USERS).clear();
            directory.byId(id);
        } finally {
            request.deactivate();
        }

        assertEquals(1, simulator.totalCalls());
    }

    @Test
    void byId_unknownId_negativeEntryHeldForItsTtlThenClerkAskedAgain() {
        String unknown = "user_00000000000000000000000zz";

        assertEquals(Optional.empty(), directory.byId(unknown));
        CLOCK.advance(Duration.ofSeconds(59));
        assertEquals(Optional.empty(), directory.byId(unknown));
        assertEquals(1, simulator.totalCalls());

        CLOCK.advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), directory.byId(unknown));
        assertEquals(2, simulator.totalCalls());
    }

    @Test
    void byId_expiredNegativeEntryUnderConcurrentCallers_oneClerkCall() throws Exception {
        String unknown = "user_00000000000000000000000xx";
        directory.byId(unknown);
        CLOCK.advance(Duration.ofSeconds(61));
        simulator.setLatency(Duration.ofMillis(300)); // keep the reload in flight while the others arrive
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<ClerkUser>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return directory.byId(unknown);
                }));
            }
            start.countDown();
            for (Future<Optional<ClerkUser>> answer : answers) {
                assertEquals(Optional.empty(), answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            simulator.setLatency(Duration.ZERO);
        }

        assertEquals(2, simulator.totalCalls(), "the first lookup, then one reload shared by all 20 callers");
    }

    @Test
    void byIds_expiredNegativeEntry_reloadedInTheBatchCall() {
        String known = simulator.userIds().get(2);
        String unknown = "user_00000000000000000000000yy";
        directory.byIds(List.of(known, unknown));
        CLOCK.advance(Duration.ofSeconds(61));

        UserBatch batch = directory.byIds(List.of(known, unknown));

        assertEquals(List.of(known), batch.users().stream().map(ClerkUser::id).toList());
        assertEquals(List.of(unknown), batch.missing());
        assertEquals(2, simulator.totalCalls(), "the second batch asks Clerk for the expired negative only");
        var requests = clerk.requests();
        assertEquals(List.of(unknown), requests.get(requests.size() - 1).query().get("user_id"));
    }

    @Test
    void byUsername_usernameMovedToAnotherUser_indexCorrectedAndNewOwnerServed() {
        String a = simulator.userIds().get(3);
        String b = simulator.userIds().get(4);
        String name = "moving_name";
        rename(a, name);
        assertEquals(a, directory.byUsername(name).orElseThrow().id());

        rename(a, "a_new_name");
        rename(b, name);
        directory.invalidate(a); // what a user.updated webhook for A would do

        assertEquals(b, directory.byUsername(name).orElseThrow().id());
        assertEquals(a, directory.byUsername("a_new_name").orElseThrow().id());
    }

    @Test
    void byUsername_caseInsensitive_oneEntry() {
        String id = simulator.userIds().get(5);
        rename(id, "MixedCase_Name");
        simulator.reset(false);

        assertEquals(id, directory.byUsername("mixedcase_name").orElseThrow().id());
        assertEquals(id, directory.byUsername("MIXEDCASE_NAME").orElseThrow().id());

        assertEquals(1, simulator.totalCalls());
    }

    @Test
    void byIds_malformedIdOrTooMany_rejectedBeforeAnyCall() {
        String good = simulator.userIds().get(0);

        assertThrows(InvalidLookupException.class, () -> directory.byIds(List.of(good, "user_bad")));
        assertThrows(InvalidLookupException.class, () -> directory.byIds(java.util.stream.IntStream.range(0, 1001)
                .mapToObj(i -> String.format("user_%027d", i)).toList()));
        assertThrows(InvalidLookupException.class, () -> directory.byId(null));
        assertThrows(InvalidLookupException.class, () -> directory.byUsername("has space"));

        assertEquals(0, simulator.totalCalls());
    }

    @Test
    void byIds_duplicates_eachUserOnceInRequestOrder() {
        List<String> ids = simulator.userIds().subList(10, 13);

        UserBatch batch = directory.byIds(List.of(ids.get(2), ids.get(0), ids.get(2), ids.get(1)));

        assertEquals(List.of(ids.get(2), ids.get(0), ids.get(1)), batch.users().stream().map(ClerkUser::id).toList());
        assertTrue(batch.missing().isEmpty());
    }

    private void rename(String id, String username) {
        var response = simulator.handle(new SimulatorRequest("PATCH", "/users/" + id, Map.of(),
                "Bearer sk_test_directory", null,
                Json.createObjectBuilder().add("username", username).build().toString()));
        assertEquals(200, response.status(), response::body);
    }
}
