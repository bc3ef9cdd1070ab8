package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.InvalidationMarker;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorSettings;

/**
 * The weigher's estimate against the heap a parsed user really retains, measured: many copies of a user are parsed
 * the way the client parses Clerk's answers and projected the way the directory caches them, and the heap in use
 * after a full collection is compared with and without them. The factor heap / JSON text is printed (about 6).
 */
class UserEntryWeigherTest {

    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());
    private static final UserProjection PROJECTION = new UserProjection(Set.of("private_metadata"));
    private static final int COPIES = 2000;

    @Test
    void weigh_exampleUserOfClerksSchema_withinAFifthOfTheMeasuredHeap() throws IOException {
        String example;
        try (InputStream in = UserEntryWeigherTest.class.getResourceAsStream("/clerk/user-example.json")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> texts = new ArrayList<>(COPIES);
        for (int i = 0; i < COPIES; i++) {
            texts.add(example.replace("\"user_2", "\"user_" + (char) ('a' + i % 26))); // distinct strings, same size
        }

        assertEstimateMatchesHeap("user-example.json", texts);
    }

    @Test
    void weigh_simulatedUsers_withinAFifthOfTheMeasuredHeap() {
        ClerkSimulator simulator = new ClerkSimulator(new SimulatorSettings(COPIES, 42, java.time.Duration.ZERO, 0));
        List<String> texts = simulator.userIds().stream().map(id -> simulator.user(id).toString()).toList();

        assertEstimateMatchesHeap("simulated users", texts);
    }

    @Test
    void weigh_smallEntries_keyAndOverheadCountedAndTheFloorHolds() {
        UserEntryWeigher weigher = new UserEntryWeigher(1);
        int username = weigher.weigh("ada.lovelace", new UsernameEntry("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk",
                Instant.EPOCH));
        int absent = weigher.weigh("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", AbsentValue.now());
        int marker = weigher.weigh("user_2zK8mQp4TnV7xWbR1cYdE3fGhJk", InvalidationMarker.create());

        assertTrue(username > UserEntryWeigher.ENTRY_OVERHEAD + 70 && username < 400, () -> "username " + username);
        assertTrue(absent > UserEntryWeigher.ENTRY_OVERHEAD && absent < 300, () -> "absent " + absent);
        assertTrue(marker > absent && marker < 400, () -> "marker " + marker);
        assertEquals(5000, new UserEntryWeigher(5000).weigh("k", AbsentValue.now()));
    }

    private static void assertEstimateMatchesHeap(String what, List<String> texts) {
        long[] measured = new long[3];
        long estimate = 0;
        long jsonBytes = 0;
        for (int round = 0; round < measured.length; round++) {
            long before = usedAfterGc();
            List<CachedUser> held = new ArrayList<>(texts.size());
            for (String text : texts) {
                JsonObject parsed = (JsonObject) READERS.createReader(new StringReader(text)).readValue();
                held.add(new CachedUser(PROJECTION.apply(ClerkUser.of(parsed)), Instant.now()));
            }
            measured[round] = (usedAfterGc() - before) / held.size();
            if (round == 0) {
                UserEntryWeigher weigher = new UserEntryWeigher(1);
                for (CachedUser u : held) {
                    estimate += weigher.weigh(u.user().id(), u) - UserEntryWeigher.ENTRY_OVERHEAD
                            - 44 - u.user().id().length(); // the key is the cache's, not held here
                    jsonBytes += u.user().toJson().length();
                }
                estimate /= held.size();
                jsonBytes /= held.size();
            }
            held.clear();
        }
        Arrays.sort(measured);
        long heap = measured[1];
        double ratio = (double) heap / estimate;
        System.out.printf("%s: %d bytes of heap per parsed user (median of 3), estimate %d, compact JSON %d bytes,"
                + " heap/JSON %.1f, heap/estimate %.2f%n", what, heap, estimate, jsonBytes, (double) heap / jsonBytes,
                ratio);
        long estimated = estimate;
        assertTrue(ratio > 0.8 && ratio < 1.25, () -> what + ": measured " + heap + " bytes, estimated " + estimated);
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
