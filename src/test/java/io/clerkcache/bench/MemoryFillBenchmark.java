package io.clerkcache.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.clerkcache.users.DirectoryFixture;
import io.clerkcache.users.GeneratingClerkServer;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.UserCaches;

/**
 * Fills the in-memory cache with many more users than fit (not a test: it prints figures). The directory, its caches
 * and the Clerk client run as the application wires them (Weld SE, real MicroProfile Config, Caffeine's JCache);
 * Clerk is a local HTTP server answering every id with a copy of Clerk's fully populated example user (about 20 KB of
 * heap once parsed), so that nothing but the cache holds users. Users are read in batches of 1000, as
 * {@code POST /api/users/batch} reads them.
 *
 * <p>Run with the service's heap: {@code mvn -o -Pmemory-fill test-compile exec:exec} (runs
 * {@code java -Xmx512m -XX:+ExitOnOutOfMemoryError}; {@code -Dfill.users=60000} and
 * {@code -Dfill.max-weight=25%} are the defaults). Printed: the heap limit, the cache's bound, users read, entries
 * cached, their weight, the heap in use after a full collection, and errors.
 */
public final class MemoryFillBenchmark {

    private MemoryFillBenchmark() {
    }

    public static void main(String[] args) {
        int users = Integer.getInteger("fill.users", 60_000);
        String maxWeight = System.getProperty("fill.max-weight", "25%");
        long maxHeap = Runtime.getRuntime().maxMemory();
        List<String> errors = new ArrayList<>();
        try (GeneratingClerkServer clerk = new GeneratingClerkServer();
             DirectoryFixture service = DirectoryFixture.against(clerk.baseUrl(),
                     Map.of("clerk.cache.max-weight", maxWeight))) {
            UserDirectory directory = service.directory();
            UserCaches caches = service.bean(UserCaches.class);
            long start = System.nanoTime();
            long found = 0;
            for (int from = 0; from < users; from += 1000) {
                List<String> ids = new ArrayList<>(1000);
                for (int i = from; i < Math.min(users, from + 1000); i++) {
                    ids.add(String.format(Locale.ROOT, "user_%027d", i));
                }
                try {
                    found += directory.byIds(ids).users().size();
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                }
                if ((from / 1000) % 10 == 9) {
                    report(caches, from + 1000, maxHeap, "after");
                }
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            UserCaches.MemoryUse use = caches.memoryUse(UserCaches.USERS).orElseThrow();
            System.out.printf(Locale.ROOT, "%nmax heap %d MiB; clerk.cache.max-weight %s: users cache bound %.1f MiB%n",
                    maxHeap >> 20, maxWeight, use.maxBytes() / 1048576.0);
            System.out.printf(Locale.ROOT, "users read %d (found %d) in %d s; Clerk calls %d%n", users, found, seconds,
                    clerk.calls());
            report(caches, users, maxHeap, "final");
            System.out.printf(Locale.ROOT, "errors %d%s%n", errors.size(), errors.isEmpty() ? ""
                    : ": " + errors.subList(0, Math.min(5, errors.size())));
        }
    }

    private static void report(UserCaches caches, int read, long maxHeap, String when) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        UserCaches.MemoryUse use = caches.memoryUse(UserCaches.USERS).orElseThrow();
        System.out.printf(Locale.ROOT, "%s %6d users read: %6d cached, weight %6.1f of %6.1f MiB; heap used after GC"
                + " %6.1f of %d MiB%n", when, read, use.entries(), use.weightBytes() / 1048576.0,
                use.maxBytes() / 1048576.0, used / 1048576.0, maxHeap >> 20);
    }
}
