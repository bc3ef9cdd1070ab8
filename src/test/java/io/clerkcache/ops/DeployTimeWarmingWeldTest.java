package io.clerkcache.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.RecordedRequest;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorRequest;
import io.clerkcache.simulator.SimulatorResponse;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances;
import io.clerkcache.users.DirectoryInstances.Backend;

/**
 * Warming at deployment in Weld SE, with the real directory against the simulator over HTTP: the container's start
 * only submits it, it runs in the background to the end (or fails, saying why), and afterwards the configured users
 * are cached.
 */
class DeployTimeWarmingWeldTest {

    private static final String UNKNOWN = "user_00000000000000000000000001";

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;

    @AfterEach
    void stop() {
        if (instances != null) {
            instances.close();
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    private DirectoryInstances instancesAgainst(URI clerkUrl) {
        instances = new DirectoryInstances(Backend.IN_MEMORY, clerkUrl, Duration.ofSeconds(60))
                .with("clerk.warm.rate", "1000");
        return instances;
    }

    private void startClerk(int users) {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(users, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
    }

    private static DirectoryInstances.Instance start(DirectoryInstances instances) {
        return instances.start(WarmingConfig.class, WarmingExecutor.class, UserWarming.class,
                DeployTimeWarming.class);
    }

    private static WarmingStatus awaitEnd(DirectoryInstances.Instance service) {
        DeployTimeWarming warming = service.bean(DeployTimeWarming.class);
        DirectoryInstances.awaitCondition("the warming at deployment to end",
                () -> warming.status().state() != WarmingStatus.State.RUNNING);
        return warming.status();
    }

    /** The ids of the {@code n} most recently active users, asked of the simulator directly (not over HTTP). */
    private List<String> mostRecentlyActive(int n) {
        List<String> ids = new ArrayList<>();
        while (ids.size() < n) {
            SimulatorResponse page = clerk.simulator().handle(new SimulatorRequest("GET", "/users",
                    Map.of("order_by", List.of("-last_active_at"), "offset", List.of(Integer.toString(ids.size())),
                            "limit", List.of(Integer.toString(Math.min(500, n - ids.size())))),
                    "Bearer sk_test_check", null, null));
            assertEquals(200, page.status(), page.body());
            Json.createReader(new StringReader(page.body())).readArray().stream()
                    .map(JsonValue::asJsonObject).map(u -> u.getString("id")).forEach(ids::add);
        }
        return ids;
    }

    @Test
    void recent600_startReturnsWhileItRuns_thenListedInPagesOf500AndAllCached() {
        startClerk(700);
        SimulatorHttpServer.Hold firstPage = clerk.holdNext(r -> r.queryValues("order_by").contains("-last_active_at"));

        DirectoryInstances.Instance service = start(instancesAgainst(clerk.baseUrl()).with("clerk.warm.recent", "600"));
        firstPage.awaitArrival();
        WarmingStatus during = service.bean(DeployTimeWarming.class).status();
        firstPage.release();
        WarmingStatus end = awaitEnd(service);

        assertEquals(WarmingStatus.State.RUNNING, during.state(), "the start waited for the warming");
        assertEquals(0, during.warmed());
        assertEquals(WarmingStatus.State.FINISHED, end.state(), end::toString);
        assertEquals(600, end.ids());
        assertEquals(600, end.warmed());
        assertEquals(0, end.missing());
        assertEquals(6, end.chunks());
        assertEquals(6, end.chunksDone());
        assertNotNull(end.finishedAt());
        List<String> expected = mostRecentlyActive(600);
        assertEquals(600, service.caches().users().getAllIfPresent(new LinkedHashSet<>(expected)).size());
        List<RecordedRequest> pages = clerk.requests().stream()
                .filter(r -> r.queryValues("order_by").contains("-last_active_at")).toList();
        assertEquals(2, pages.size());
        assertEquals(List.of("500"), pages.get(0).queryValues("limit"));
        assertEquals(List.of("0"), pages.get(0).queryValues("offset"));
        assertEquals(List.of("100"), pages.get(1).queryValues("limit"));
        assertEquals(List.of("500"), pages.get(1).queryValues("offset"));
        assertEquals(8, clerk.requests().size(), "two pages, then six calls of 100 ids");
    }

    @Test
    void recentMoreThanClerkHas_stopsAfterTheShortPage() {
        startClerk(30);

        DirectoryInstances.Instance service = start(instancesAgainst(clerk.baseUrl()).with("clerk.warm.recent", "50"));
        WarmingStatus end = awaitEnd(service);

        assertEquals(WarmingStatus.State.FINISHED, end.state(), end::toString);
        assertEquals(30, end.ids());
        assertEquals(30, end.warmed());
        assertEquals(2, clerk.requests().size(), "one page of 30 (of 50 asked), one call of 30 ids");
    }

    @Test
    void idsListAndRecent_unionWarmed_unknownIdReported() {
        startClerk(200);
        List<String> oldest = clerk.simulator().userIds().subList(0, 3);
        List<String> recent = mostRecentlyActive(10);
        List<String> configured = List.of(oldest.get(0), oldest.get(1), oldest.get(2), UNKNOWN, recent.get(0));

        DirectoryInstances.Instance service = start(instancesAgainst(clerk.baseUrl())
                .with("clerk.warm.ids", String.join(",", configured))
                .with("clerk.warm.recent", "10"));
        WarmingStatus end = awaitEnd(service);

        LinkedHashSet<String> union = new LinkedHashSet<>(configured);
        union.addAll(recent);
        assertEquals(WarmingStatus.State.FINISHED, end.state(), end::toString);
        assertEquals(union.size(), end.ids());
        assertEquals(union.size() - 1, end.warmed());
        assertEquals(1, end.missing());
        assertEquals(union.size() - 1, service.caches().users().getAllIfPresent(union).size());
        assertTrue(service.directory().byId(UNKNOWN).isEmpty());
        assertEquals(2, clerk.requests().size(), "one page, one call for every id: the unknown one is remembered");
    }

    @Test
    void nothingConfigured_off_noClerkCall() {
        startClerk(10);

        DirectoryInstances.Instance service = start(instancesAgainst(clerk.baseUrl()));

        assertEquals(WarmingStatus.off(), service.bean(DeployTimeWarming.class).status());
        assertTrue(clerk.requests().isEmpty());
    }

    @Test
    void clerkUnreachable_givesUpAfterMaxWait_failedWithTheReason() {
        URI nobodyListens = URI.create("http://127.0.0.1:" + freePort() + "/v1");

        DirectoryInstances.Instance service = start(instancesAgainst(nobodyListens)
                .with("clerk.warm.recent", "10").with("clerk.warm.max-wait", "2s"));
        WarmingStatus end = awaitEnd(service);

        assertEquals(WarmingStatus.State.FAILED, end.state(), end::toString);
        assertTrue(end.failure().startsWith("ClerkUnavailableException"), end.failure());
        assertTrue(end.failure().contains("connection failed"), end.failure());
        assertNotNull(end.finishedAt());
    }

    @Test
    void malformedIdConfigured_startFailsNamingTheKey() {
        startClerk(10);
        DirectoryInstances configured = instancesAgainst(clerk.baseUrl()).with("clerk.warm.ids", "user_ok,nope");

        RuntimeException e = assertThrows(RuntimeException.class, () -> start(configured));

        assertTrue(messages(e).contains("Invalid configuration clerk.warm.ids (env CLERK_WARM_IDS)"), messages(e));
        assertTrue(clerk.requests().isEmpty());
    }

    @Test
    void recentOutOfRange_startFailsNamingTheKey() {
        startClerk(10);
        DirectoryInstances configured = instancesAgainst(clerk.baseUrl()).with("clerk.warm.recent", "-1");

        RuntimeException e = assertThrows(RuntimeException.class, () -> start(configured));

        assertTrue(messages(e).contains("clerk.warm.recent"), messages(e));
    }

    @Test
    void rateZero_startFailsNamingTheKey() {
        startClerk(10);
        DirectoryInstances configured = instancesAgainst(clerk.baseUrl()).with("clerk.warm.rate", "0");

        RuntimeException e = assertThrows(RuntimeException.class, () -> start(configured));

        assertTrue(messages(e).contains("clerk.warm.rate"), messages(e));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
