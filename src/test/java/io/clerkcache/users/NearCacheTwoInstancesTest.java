package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.webhook.Deliveries;
import io.clerkcache.webhook.Deliveries.Delivery;
import io.clerkcache.webhook.WebhookReceiver;

/**
 * Two instances sharing Redis, each with its near cache on (the default): a change applied on one instance (an
 * invalidation, a webhook) is served at once by that instance and, once the pub/sub message arrives, by the other,
 * whose near cache held the old copy.
 */
class NearCacheTwoInstancesTest {

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance one;
    private DirectoryInstances.Instance two;
    private final Deliveries deliveries = new Deliveries(DirectoryInstances.WEBHOOK_SECRET);

    @BeforeEach
    void start() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.REDIS, clerk.baseUrl(), Duration.ofSeconds(60));
        one = instances.start();
        two = instances.start();
    }

    @AfterEach
    void stop() {
        instances.close();
        clerk.close();
    }

    @Test
    void invalidate_onOne_oneServesTheNewStateAtOnceAndTwoOnceTold() {
        String id = clerk.simulator().userIds().get(0);
        readUntilNearHit(one, id);
        readUntilNearHit(two, id);

        ClerkEdits.set(clerk.simulator(), id, "first_name", "Changed");
        one.directory().invalidate(id);

        assertEquals("Changed", one.directory().byId(id).orElseThrow().firstName(), "the writer's copy went at once");
        DirectoryInstances.awaitCondition("two serves the new state",
                () -> "Changed".equals(two.directory().byId(id).orElseThrow().firstName()));
    }

    @Test
    void webhookUpdate_onOne_twoServesTheNewStateOnceTold() {
        String id = clerk.simulator().userIds().get(1);
        readUntilNearHit(one, id);
        readUntilNearHit(two, id);
        JsonObject changed = Json.createObjectBuilder(clerk.simulator().user(id)).add("first_name", "Hooked")
                .add("updated_at", System.currentTimeMillis() + 60_000).build();
        Delivery d = deliveries.event("user.updated", changed);

        WebhookReceiver.Result r = one.bean(WebhookReceiver.class).receive(d.id(), d.timestamp(), d.signature(),
                d.body());

        assertEquals("applied", r.outcome());
        assertEquals("Hooked", one.directory().byId(id).orElseThrow().firstName());
        DirectoryInstances.awaitCondition("two serves the webhook's state",
                () -> "Hooked".equals(two.directory().byId(id).orElseThrow().firstName()));
    }

    /** Reads until the instance's near cache answers (it keeps nothing until it is subscribed). */
    private static void readUntilNearHit(DirectoryInstances.Instance instance, String id) {
        Recorder recorder = instance.bean(Recorder.class);
        String users = instance.caches().physicalName(UserCaches.USERS);
        long before = recorder.near(users).hits();
        DirectoryInstances.awaitCondition("the near cache answers", () -> {
            instance.directory().byId(id);
            return recorder.near(users).hits() > before;
        });
    }
}
