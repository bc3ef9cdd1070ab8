package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.UserCaches;
import io.clerkcache.webhook.Deliveries;
import io.clerkcache.webhook.Deliveries.Delivery;
import io.clerkcache.webhook.WebhookReceiver;


/**
 * Clerk's webhooks, applied to the directory's cache (Weld SE, the real receiver, Caffeine or Redis, the simulator over
 * HTTP as Clerk). Each test checks what the next lookup returns and how many Clerk calls it made.
 */
class WebhookFreshnessTest {

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance service;
    private UserDirectory directory;
    private WebhookReceiver receiver;
    private final Deliveries deliveries = new Deliveries(DirectoryInstances.WEBHOOK_SECRET);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private void start(Backend backend) {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(40, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(backend, clerk.baseUrl(), Duration.ofSeconds(60));
        service = instances.start();
        directory = service.directory();
        receiver = service.bean(WebhookReceiver.class);
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

    private String someUser(int n) {
        return clerk.simulator().userIds().get(n);
    }

    /** The simulator's copy of the user with another first name and {@code updated_at}. */
    private JsonObject version(String id, String firstName, long updatedAt) {
        return Json.createObjectBuilder(clerk.simulator().user(id)).add("first_name", firstName)
                .add("updated_at", updatedAt).build();
    }

    private WebhookReceiver.Result deliver(Delivery d) {
        return receiver.receive(d.id(), d.timestamp(), d.signature(), d.body());
    }

    private int clerkCalls() {
        return clerk.requests().size();
    }

    private String firstName(Optional<ClerkUser> user) {
        return user.orElseThrow().firstName();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updated_newerThanTheCachedCopy_nextLookupServesItWithoutClerk(Backend backend) {
        start(backend);
        String id = someUser(0);
        long cached = directory.byId(id).orElseThrow().updatedAt();
        int calls = clerkCalls();

        WebhookReceiver.Result r = deliver(deliveries.event("user.updated", version(id, "Newer", cached + 1000)));

        assertEquals(200, r.status());
        assertEquals("applied", r.outcome());
        assertEquals("Newer", firstName(directory.byId(id)));
        assertEquals(calls, clerkCalls());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updated_olderEventArrivingAfterANewerOne_ignored(Backend backend) {
        start(backend);
        String id = someUser(1);
        long v1 = directory.byId(id).orElseThrow().updatedAt();
        int calls = clerkCalls();

        assertEquals("applied", deliver(deliveries.event("user.updated", version(id, "Third", v1 + 2000))).outcome());
        WebhookReceiver.Result late = deliver(deliveries.event("user.updated", version(id, "Second", v1 + 1000)));

        assertEquals(200, late.status());
        assertEquals("stale", late.outcome());
        assertEquals("Third", firstName(directory.byId(id)));
        assertEquals(calls, clerkCalls());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updated_sameVersionAgain_stale(Backend backend) {
        start(backend);
        String id = someUser(2);
        long v1 = directory.byId(id).orElseThrow().updatedAt();

        WebhookReceiver.Result same = deliver(deliveries.event("user.updated", version(id, "Same version", v1)));

        assertEquals("stale", same.outcome());
        assertEquals(clerk.simulator().user(id).getString("first_name"), firstName(directory.byId(id)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void duplicateDelivery_appliedOnceEvenWhereItWouldApplyAgain(Backend backend) {
        start(backend);
        String id = someUser(3);
        // a version from the future: were it applied again, it would win over the invalidation's marker
        Delivery first = deliveries.event("user.updated", version(id, "Once", System.currentTimeMillis() + 60_000));
        assertEquals("applied", deliver(first).outcome());
        directory.invalidate(id);
        int calls = clerkCalls();

        WebhookReceiver.Result again = deliver(first.again(deliveries, Instant.now()));

        assertEquals(200, again.status());
        assertEquals("duplicate", again.outcome());
        assertEquals(clerk.simulator().user(id).getString("first_name"), firstName(directory.byId(id)),
                "the redelivery was not applied: the lookup asked Clerk");
        assertEquals(calls + 1, clerkCalls());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forgedTamperedReplayedOrStaleDeliveries_401AndNothingChanges(Backend backend) {
        start(backend);
        String id = someUser(4);
        ClerkUser before = directory.byId(id).orElseThrow();
        JsonObject newer = version(id, "Forged", before.updatedAt() + 1000);
        Delivery valid = deliveries.event("user.updated", newer);
        Deliveries otherSecret = new Deliveries("whsec_" + java.util.Base64.getEncoder().encodeToString(
                "another secret of 32 bytes here!".getBytes()));
        List<Delivery> refused = List.of(
                otherSecret.event("user.updated", newer),
                valid.withBody(new String(valid.body()).replace("Forged", "Tampered")),
                valid.withBody(Deliveries.envelope("user.updated", version(id, "Replayed", before.updatedAt() + 5000))),
                deliveries.event("user.updated", newer, Instant.now().minus(Duration.ofMinutes(6))),
                deliveries.event("user.updated", newer, Instant.now().plus(Duration.ofMinutes(6))),
                new Delivery(valid.id(), valid.timestamp(), null, valid.body()));
        int calls = clerkCalls();

        List<String> log;
        try (LogCapture capture = new LogCapture()) {
            for (Delivery d : refused) {
                assertEquals(401, deliver(d).status());
            }
            log = capture.lines();
        }
        assertEquals(1, log.stream().filter(l -> l.contains("WARNING") && l.contains("Webhook delivery refused (401"))
                .count(), "one WARNING line for a burst of refusals: " + log);
        assertTrue(log.stream().noneMatch(l -> l.contains("Forged") || l.contains("Tampered")), "no body in the log");

        assertEquals(before.firstName(), firstName(directory.byId(id)));
        assertEquals(calls, clerkCalls());
        assertEquals("applied", deliver(valid).outcome(), "a refused delivery was not recorded as delivered");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void malformedOrUnknownShapes_400AndOtherEventTypesIgnoredButCounted(Backend backend) {
        start(backend);
        String id = someUser(5);
        ClerkUser before = directory.byId(id).orElseThrow();

        assertEquals(400, deliver(deliveries.raw("{not json")).status());
        assertEquals(400, deliver(deliveries.raw("[1,2]")).status());
        assertEquals(400, deliver(deliveries.raw("{\"type\":\"user.updated\"}")).status());
        assertEquals(400, deliver(deliveries.event("user.updated", Json.createObjectBuilder(
                clerk.simulator().user(id)).remove("updated_at").build())).status());
        assertEquals(400, deliver(deliveries.event("user.deleted", Json.createObjectBuilder()
                .add("id", "not-a-user-id").build())).status());
        WebhookReceiver.Result other = deliver(deliveries.event("session.created", Json.createObjectBuilder()
                .add("id", "sess_1").build()));

        assertEquals(200, other.status());
        assertEquals("ignored", other.outcome());
        assertEquals(1L, service.bean(io.clerkcache.metrics.Recorder.class).webhooks().get("session.created").get("ignored"));
        assertEquals(before, directory.byId(id).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deleted_lookupsAnswerNotFoundWithoutClerkAndALateUpdateDoesNotBringTheUserBack(Backend backend) {
        start(backend);
        String id = someUser(6);
        ClerkUser before = directory.byId(id).orElseThrow();
        int calls = clerkCalls();

        assertEquals("deleted", deliver(deliveries.deleted(id)).outcome());
        assertEquals(Optional.empty(), directory.byId(id));
        WebhookReceiver.Result late = deliver(deliveries.event("user.updated",
                version(id, "Back from the dead", System.currentTimeMillis())));

        assertEquals(200, late.status());
        assertEquals("ignored-deleted", late.outcome());
        assertEquals(Optional.empty(), directory.byId(id));
        assertEquals(List.of(), directory.byIds(List.of(id)).users());
        service.caches().cache(UserCaches.USERS_MISSING).clear(); // even once the absence is gone: the tombstone
        assertEquals(Optional.empty(), directory.byId(id));
        assertEquals(calls, clerkCalls(), "no Clerk call for a deleted user");
        assertTrue(before.username() == null || directory.byUsername(before.username()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updated_whileASlowLoadOfTheUserIsInFlight_theEventWinsOverTheLoad(Backend backend) throws Exception {
        start(backend);
        String id = someUser(7);
        SimulatorHttpServer.Hold answer = clerk.holdNext(r -> r.path().endsWith("/users/" + id));
        Future<Optional<ClerkUser>> load = pool.submit(() -> directory.byId(id));
        answer.awaitArrival(); // Clerk has been asked; its (old) answer is held

        WebhookReceiver.Result r = deliver(deliveries.event("user.updated",
                version(id, "From the webhook", System.currentTimeMillis())));
        answer.release();

        assertEquals("applied", r.outcome());
        assertEquals(clerk.simulator().user(id).getString("first_name"),
                firstName(load.get(10, TimeUnit.SECONDS)), "the load's own caller gets what it loaded");
        int calls = clerkCalls();
        assertEquals("From the webhook", firstName(directory.byId(id)), "the older load did not overwrite it");
        assertEquals(calls, clerkCalls());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rename_usernameIndexMovesToTheNewName(Backend backend) {
        start(backend);
        String id = someUser(8);
        ClerkUser before = directory.byId(id).orElseThrow();
        String oldName = before.username();
        directory.byUsername(oldName).orElseThrow();
        // Clerk renames the user, then tells the service
        ClerkUser renamed = service.bean(io.clerkcache.clerk.ClerkClient.class).updateUser(id,
                Json.createObjectBuilder().add("username", "renamed_" + id.substring(5, 13)).build());
        int calls = clerkCalls();

        assertEquals("applied", deliver(deliveries.event("user.updated", renamed.document())).outcome());

        assertEquals(id, directory.byUsername(renamed.username()).orElseThrow().id());
        assertEquals(calls, clerkCalls(), "the new name is answered from the index");
        assertEquals(Optional.empty(), directory.byUsername(oldName));
        assertEquals(calls + 1, clerkCalls(), "the old name is asked of Clerk, which no longer knows it");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void created_afterTheIdWasRememberedUnknown_storedAndServedWithoutClerk(Backend backend) {
        start(backend);
        String id = "user_" + "N".repeat(27);
        assertEquals(Optional.empty(), directory.byId(id));
        int calls = clerkCalls();
        JsonObject created = Json.createObjectBuilder(clerk.simulator().user(someUser(9))).add("id", id)
                .add("username", "newcomer").add("created_at", System.currentTimeMillis() + 10_000)
                .add("updated_at", System.currentTimeMillis() + 10_000).build();

        assertEquals("applied", deliver(deliveries.event("user.created", created)).outcome());

        assertEquals(id, directory.byId(id).orElseThrow().id());
        assertEquals(calls, clerkCalls());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updated_oldEventForAnUncachedUser_dropsTheEntryInsteadOfStoringIt(Backend backend) {
        start(backend);
        String id = someUser(10);
        // nothing cached, and the event is far older than the TTL: something newer may have come and gone
        WebhookReceiver.Result r = deliver(deliveries.event("user.updated",
                version(id, "Ancient", System.currentTimeMillis() - Duration.ofHours(3).toMillis())));
        int calls = clerkCalls();

        assertEquals("invalidated", r.outcome());
        assertEquals(clerk.simulator().user(id).getString("first_name"), firstName(directory.byId(id)));
        assertEquals(calls + 1, clerkCalls(), "the lookup asked Clerk");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invalidateTag_dropsTheUsersCarryingItOnly(Backend backend) {
        start(backend);
        List<String> experts = clerk.simulator().usersWithRole("expert", 3).stream().map(u -> u.getString("id"))
                .toList();
        List<String> others = clerk.simulator().userIds().stream().filter(i -> !experts.contains(i)).limit(3)
                .filter(i -> !ClerkUser.of(clerk.simulator().user(i)).hasRole("expert")).toList();
        assertEquals(3, experts.size());
        experts.forEach(directory::byId);
        others.forEach(directory::byId);
        int calls = clerkCalls();

        int dropped = service.bean(UserChanges.class).invalidateTag("role:expert");

        assertEquals(3, dropped);
        others.forEach(directory::byId);
        assertEquals(calls, clerkCalls(), "users without the tag stay cached");
        experts.forEach(directory::byId);
        assertEquals(calls + 3, clerkCalls(), "each expert is asked of Clerk again");
    }

    @org.junit.jupiter.api.Test
    void twoInstancesSharingRedis_webhookToOne_theOtherServesTheNewCopyWithoutClerk() {
        start(Backend.REDIS);
        DirectoryInstances.Instance other = instances.start();
        String id = someUser(11);
        long v1 = other.directory().byId(id).orElseThrow().updatedAt();
        int calls = clerkCalls();

        assertEquals("applied", deliver(deliveries.event("user.updated", version(id, "Everywhere", v1 + 1000)))
                .outcome());
        assertEquals("Everywhere", firstName(other.directory().byId(id)));
        assertEquals("deleted", deliver(deliveries.deleted(id)).outcome());
        assertEquals(Optional.empty(), other.directory().byId(id));
        assertEquals(calls, clerkCalls());
    }

    @org.junit.jupiter.api.Test
    void cacheUnreachable_503SoThatSvixDeliversAgainAndTheRedeliveryIsApplied() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.REDIS, clerk.baseUrl(), Duration.ofSeconds(60))
                .with("redis.url", "redis://127.0.0.1:1");
        DirectoryInstances.Instance down = instances.start();
        String id = someUser(12);
        Delivery d = deliveries.event("user.updated", version(id, "Later", System.currentTimeMillis()));

        WebhookReceiver.Result r = down.bean(WebhookReceiver.class).receive(d.id(), d.timestamp(), d.signature(),
                d.body());
        assertEquals(503, r.status());
        assertEquals("failed", r.outcome());
        assertEquals(clerk.simulator().user(id).getString("first_name"),
                firstName(down.directory().byId(id)), "lookups still answer, from Clerk");
    }

    @org.junit.jupiter.api.Test
    void noSecretConfigured_everyDelivery503AndTheStartupLogSaysWhy() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.IN_MEMORY, clerk.baseUrl(), Duration.ofSeconds(60))
                .with("clerk.webhook-secret", "");
        List<String> log;
        try (LogCapture capture = new LogCapture()) {
            service = instances.start();
            log = capture.lines();
        }
        String id = someUser(13);
        Delivery d = deliveries.event("user.updated", version(id, "Unsigned", System.currentTimeMillis()));

        WebhookReceiver.Result r = service.bean(WebhookReceiver.class).receive(d.id(), d.timestamp(),
                d.signature(), d.body());

        assertEquals(503, r.status());
        assertEquals("disabled", r.outcome());
        assertTrue(log.stream().anyMatch(l -> l.contains("Clerk webhooks are OFF")
                && l.contains("clerk.webhook-secret")), String.join("\n", log));
    }
}
