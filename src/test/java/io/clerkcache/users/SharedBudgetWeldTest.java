package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.ClerkRateBudgets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ClerkRateBudget} bean in a CDI container: shared through Redis by two directory instances when the
 * caches live there, the JVM's own with in-memory caches.
 */
class SharedBudgetWeldTest {

    private final SimulatorHttpServer clerk = new SimulatorHttpServer(new ClerkSimulator(
            new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
    private DirectoryInstances instances;

    @AfterEach
    void stop() {
        if (instances != null) {
            instances.close();
        }
        clerk.close();
    }

    private DirectoryInstances instances(Backend backend) {
        instances = new DirectoryInstances(backend, clerk.baseUrl(), Duration.ofSeconds(60))
                // A burst of 3, then one request per 10.5 s: far more than the lookups take.
                .with("clerk.rate-limit.requests", "60")
                .with("clerk.rate-limit.window", "600s")
                .with("clerk.rate-limit.max-wait", "0s");
        return instances;
    }

    @Test
    void redis_twoInstancesShareOneBudget() {
        DirectoryInstances set = instances(Backend.REDIS);
        DirectoryInstances.Instance a = set.start(ClerkRateBudgets.class);
        DirectoryInstances.Instance b = set.start(ClerkRateBudgets.class);
        List<String> ids = clerk.simulator().userIds();
        int failed = 0;

        for (int i = 0; i < 8; i++) {
            try {
                (i % 2 == 0 ? a : b).directory().byId(ids.get(i));
            } catch (RuntimeException refused) {
                failed++;
            }
        }

        assertEquals(3, clerk.simulator().totalCalls(), "one burst of 3, both instances together");
        assertEquals(5, failed);
        assertEquals(ClerkRateBudget.SHARED, a.bean(ClerkRateBudget.class).state().mode());
    }

    @Test
    void inMemory_theInstancesOwnBudget() {
        DirectoryInstances.Instance a = instances(Backend.IN_MEMORY).start(ClerkRateBudgets.class);

        assertEquals(ClerkRateBudget.LOCAL, a.bean(ClerkRateBudget.class).mode());
    }
}
