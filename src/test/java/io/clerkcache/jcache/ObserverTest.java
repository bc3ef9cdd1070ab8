package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.annotation.CacheResult;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every {@link CacheObserver} bean hears hits, misses, loads and load failures per cache; statistics count them. */
class ObserverTest {

    WeldContainer weld;
    Service service;
    Recorder recorder;
    CacheStatistics statistics;

    @BeforeEach
    void start() {
        weld = JCacheTesting.caffeine(Service.class, Recorder.class);
        service = weld.select(Service.class).get();
        recorder = weld.select(Recorder.class).get();
        statistics = weld.select(CacheStatistics.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    @Test
    void result_missThenHit_observerHearsMissLoadHitForTheCache() {
        service.find("k");
        service.find("k");

        assertEquals(List.of("miss:found", "load:found", "hit:found"), recorder.events());
    }

    @Test
    void result_methodThrows_observerHearsLoadFailure() {
        assertThrows(IllegalStateException.class, () -> service.fail("k"));

        assertEquals(List.of("miss:failing", "loadFailure:failing:IllegalStateException"), recorder.events());
    }

    @Test
    void statistics_afterCalls_countsPerCache() {
        service.find("a");
        service.find("a");
        service.find("b");
        assertThrows(IllegalStateException.class, () -> service.fail("k"));

        CacheStatistics.Snapshot found = statistics.snapshot("found");
        assertEquals(1, found.hits());
        assertEquals(2, found.misses());
        assertEquals(2, found.loads());
        assertEquals(0, found.loadFailures());
        assertEquals(1, statistics.snapshot("failing").loadFailures());
        assertEquals(List.of("failing", "found"), List.copyOf(statistics.snapshots().keySet()));
        assertEquals(CacheStatistics.Snapshot.EMPTY, statistics.snapshot("never-used"));
    }

    @ApplicationScoped
    static class Service {
        @CacheResult(cacheName = "found")
        String find(String key) {
            return "value " + key;
        }

        @CacheResult(cacheName = "failing")
        String fail(String key) {
            throw new IllegalStateException("no " + key);
        }
    }

    @ApplicationScoped
    static class Recorder implements CacheObserver {
        private final List<String> events = new CopyOnWriteArrayList<>();

        List<String> events() {
            return List.copyOf(events);
        }

        @Override
        public void onHit(String cacheName) {
            events.add("hit:" + cacheName);
        }

        @Override
        public void onMiss(String cacheName) {
            events.add("miss:" + cacheName);
        }

        @Override
        public void onLoad(String cacheName, Duration duration) {
            events.add("load:" + cacheName);
        }

        @Override
        public void onLoadFailure(String cacheName, Duration duration, Throwable failure) {
            events.add("loadFailure:" + cacheName + ":" + failure.getClass().getSimpleName());
        }
    }
}
