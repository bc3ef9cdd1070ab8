package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

import io.clerkcache.users.cache.UserCaches;

/**
 * The in-memory cache filled with four times the users that fit its memory bound (16 MiB here, 12.8 of them for
 * users): no error, the cache within its bound, and the heap grown by about the bound, not by the users read
 * (4,000 parsed users retain about 80 MB). {@code MemoryFillBenchmark} does the same at full size.
 */
class InMemoryBoundTest {

    private static final int USERS = 4000;

    private GeneratingClerkServer clerk;
    private DirectoryFixture fixture;

    @BeforeEach
    void start() {
        clerk = new GeneratingClerkServer();
        fixture = DirectoryFixture.against(clerk.baseUrl(), Map.of("clerk.cache.max-weight", "16m"));
    }

    @AfterEach
    void stop() {
        try {
            fixture.close();
        } finally {
            clerk.close();
        }
    }

    @Test
    void byIds_fourTimesWhatFits_noErrorCacheWithinItsBoundHeapNotGrownByTheUsers() {
        UserDirectory directory = fixture.directory();
        UserCaches caches = fixture.bean(UserCaches.class);
        List<String> ids = IntStream.range(0, USERS).mapToObj(i -> String.format("user_%027d", i)).toList();
        long before = usedAfterGc();

        for (int from = 0; from < USERS; from += 1000) {
            assertEquals(1000, directory.byIds(ids.subList(from, from + 1000)).users().size());
        }

        caffeine(caches).cleanUp(); // let eviction catch up before measuring
        long grown = usedAfterGc() - before;
        UserCaches.MemoryUse use = caches.memoryUse(UserCaches.USERS).orElseThrow();
        System.out.printf("in-memory bound: %d users read, %d cached, %d of %d bytes weighed, heap grown by %d bytes%n",
                USERS, use.entries(), use.weightBytes(), use.maxBytes(), grown);
        assertTrue(use.weightBytes() <= use.maxBytes(), use::toString);
        assertTrue(use.entries() > 300 && use.entries() < 1000, use::toString);
        assertTrue(grown < 28L << 20, () -> "heap grew by " + grown + " bytes for a 16 MiB bound");
        assertTrue(directory.byId(ids.get(0)).isPresent(), "an evicted user is read again from Clerk");
    }

    @SuppressWarnings("unchecked")
    private static Cache<Object, Object> caffeine(UserCaches caches) {
        return caches.cache(UserCaches.USERS).unwrap(Cache.class);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
