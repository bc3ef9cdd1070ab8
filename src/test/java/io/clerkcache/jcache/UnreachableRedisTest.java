package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.JCacheTesting;
import io.clerkcache.jcache.support.Profiles;
import io.clerkcache.jcache.support.UnreachableRedisProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The error policy against a real Redisson client whose Redis does not answer (a closed port, 300 ms timeouts, no
 * retries): reads are misses and the method runs, writes are skipped, removals reach the caller.
 */
class UnreachableRedisTest {

    WeldContainer weld;
    Profiles profiles;
    CacheStatistics statistics;

    @BeforeEach
    void start() {
        weld = JCacheTesting.weld(UnreachableRedisProducer.class, Profiles.class).initialize();
        profiles = weld.select(Profiles.class).get();
        statistics = weld.select(CacheStatistics.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    @Test
    void result_redisUnreachable_missAndMethodRunsEveryCall() {
        assertEquals("profile p1", profiles.load("p1"));
        assertEquals("profile p1", profiles.load("p1"));

        assertEquals(2, profiles.loads());
        CacheStatistics.Snapshot stats = statistics.snapshot("profiles");
        assertEquals(2, stats.misses());
        assertTrue(stats.backendErrors() >= 2, "failed reads (and puts) counted: " + stats);
    }

    @Test
    void put_redisUnreachable_skippedAndCallSucceeds() {
        profiles.save("p1", "stored");

        assertTrue(statistics.snapshot("profiles").backendErrors() >= 1);
    }

    @Test
    void remove_redisUnreachable_failureThrownToCaller() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> profiles.delete("p1"));

        assertFalse(failure instanceof IllegalStateException && failure.getMessage().contains("CacheManager"),
                "the backend's failure, not a configuration error: " + failure);
        assertTrue(statistics.snapshot("profiles").backendErrors() >= 1);
    }

    @Test
    void removeAll_redisUnreachable_failureThrownToCaller() {
        assertThrows(RuntimeException.class, profiles::deleteAll);
    }
}
