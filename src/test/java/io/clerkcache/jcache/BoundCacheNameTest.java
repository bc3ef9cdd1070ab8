package io.clerkcache.jcache;

import static io.clerkcache.jcache.support.Hold.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.ControlledLoader;
import io.clerkcache.jcache.support.Hold;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheLoading#bind}: the caching annotations naming a bound cache use that {@link LoadingCache}, absence
 * cache included, with keys made by the binding's key function, instead of the {@code CacheManager}'s cache of that
 * name (Weld SE, Caffeine). The bound load path is a values cache and an absence cache under other names, so a test
 * sees in the raw caches which path an annotation took and under which key it wrote.
 */
class BoundCacheNameTest {

    WeldContainer weld;
    ExecutorService pool = Executors.newCachedThreadPool();
    CacheManager manager;
    CacheLoading loading;
    Directory directory;
    /** The bound load path's caches as they are. */
    Cache<Object, Object> rawValues;
    Cache<Object, Object> rawAbsences;
    LoadingCache<String, String> users;

    @BeforeEach
    void start() {
        weld = JCacheTesting.caffeine(Directory.class, SelfBound.class);
        manager = weld.select(CacheManager.class).get();
        loading = weld.select(CacheLoading.class).get();
        directory = weld.select(Directory.class).get();
        rawValues = manager.createCache("user-values", new MutableConfiguration<>());
        rawAbsences = manager.createCache("user-absences", new MutableConfiguration<>());
        users = loading.of(typed(rawValues), rawAbsences);
        loading.bind("bound", users, p -> (String) p[0]);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        weld.close();
    }

    @SuppressWarnings("unchecked")
    private static Cache<String, String> typed(Cache<Object, Object> cache) {
        return (Cache<String, String>) (Cache<?, ?>) cache;
    }

    private static Set<Object> keys(Cache<Object, Object> cache) {
        Set<Object> keys = new HashSet<>();
        cache.forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    @Test
    void cachePut_boundName_storedUnderTheStringKeyInTheBoundValuesCache() {
        directory.store("u1", "Ann");

        assertEquals("Ann", rawValues.get("u1"));
        assertEquals(Set.of("u1"), keys(rawValues), "a String key, no DefaultCacheKey");
        assertEquals("Ann", users.getIfPresent("u1"));
        assertNull(manager.getCache("bound"), "the manager's cache of that name was never created");
    }

    @Test
    void cacheResult_boundName_hitsWhatTheLoadingCacheWrote() {
        users.put("u1", "Ann");

        assertEquals("Ann", directory.find("u1"));

        assertEquals(0, directory.loader().loads("u1"), "the method did not run");
        assertEquals(1, weld.select(CacheStatistics.class).get().snapshot("user-values").hits());
    }

    @Test
    void cacheResult_boundNameMiss_loadedOnceAndWrittenUnderTheStringKey() {
        assertEquals("u1 #1", directory.find("u1"));
        assertEquals("u1 #1", directory.find("u1"));

        assertEquals(1, directory.loader().loads("u1"));
        assertEquals(Set.of("u1"), keys(rawValues));
        assertEquals("u1 #1", users.get("u1", k -> "loaded by the LoadingCache"), "the load path sees the entry");
    }

    @Test
    void cacheResult_boundNameMethodFindsNothing_absenceRememberedInTheBoundAbsenceCache() {
        assertNull(directory.find("ghost"));
        assertNull(directory.find("ghost"));

        assertEquals(1, directory.loader().loads("ghost"), "the second call was a negative hit");
        assertInstanceOf(AbsentValue.class, rawAbsences.get("ghost"));
        assertNull(users.get("ghost", k -> "loaded by the LoadingCache"), "the load path sees the absence");
    }

    @Test
    void cachePut_boundNameOverRememberedAbsence_absenceDroppedAndValueAnswered() {
        assertNull(directory.find("ghost"));

        directory.store("ghost", "Gia");

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue, "the absence does not outlive the value");
        assertEquals("Gia", directory.find("ghost"));
        assertEquals(1, directory.loader().loads("ghost"));
    }

    @Test
    void cacheRemove_boundName_leavesMarkerUnderTheStringKeyAndNextCallLoads() {
        directory.store("u1", "Ann");

        directory.remove("u1");

        assertInstanceOf(InvalidationMarker.class, rawValues.get("u1"));
        assertEquals(Set.of("u1"), keys(rawValues));
        assertEquals("u1 #1", directory.find("u1"));
    }

    @Test
    void cacheRemove_boundNameOfRememberedAbsence_absenceDroppedAndNextCallLoads() {
        assertNull(directory.find("ghost"));

        directory.remove("ghost");

        assertFalse(rawAbsences.get("ghost") instanceof AbsentValue);
        directory.loader().valueAppears("ghost");
        assertEquals("ghost #2", directory.find("ghost"));
    }

    @Test
    void cacheRemoveAll_boundName_clearsTheBoundValuesAndAbsences() {
        directory.store("u1", "Ann");
        assertNull(directory.find("ghost"));

        directory.removeAll();

        assertFalse(rawValues.iterator().hasNext());
        assertFalse(rawAbsences.iterator().hasNext());
    }

    @Test
    void cachePut_boundNameWhileCacheResultLoadHeld_putValueStays() throws Exception {
        Hold inLoader = directory.loader().holdNextCall();
        Future<String> load = pool.submit(() -> directory.find("u1"));
        inLoader.awaitReached();

        directory.store("u1", "Ann");
        inLoader.release();

        assertEquals("u1 #1", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("Ann", rawValues.get("u1"), "the load that started before the put did not overwrite it");
        assertEquals("Ann", directory.find("u1"));
    }

    @Test
    void cacheRemove_boundNameWhileCacheResultLoadHeld_loadDoesNotWriteBack() throws Exception {
        Hold inLoader = directory.loader().holdNextCall();
        Future<String> load = pool.submit(() -> directory.find("u1"));
        inLoader.awaitReached();

        directory.remove("u1");
        inLoader.release();

        assertEquals("u1 #1", load.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InvalidationMarker.class, rawValues.get("u1"));
        assertEquals("u1 #2", directory.find("u1"));
    }

    @Test
    void unboundName_usesTheManagersCacheWithDefaultCacheKeys() {
        assertEquals("u1 #1", directory.findElsewhere("u1"));

        assertEquals("u1 #1", manager.getCache("elsewhere").get(new DefaultCacheKey(new Object[] {"u1"})));
        assertFalse(rawValues.containsKey("u1"));
    }

    @Test
    void bind_again_replacesTheEarlierBinding() {
        Cache<Object, Object> otherValues = manager.createCache("other-values", new MutableConfiguration<>());
        Cache<Object, Object> otherAbsences = manager.createCache("other-absences", new MutableConfiguration<>());
        directory.store("u1", "Ann");

        loading.bind("bound", loading.of(typed(otherValues), otherAbsences), p -> "user:" + p[0]);
        directory.store("u2", "Bob");

        assertEquals("Bob", otherValues.get("user:u2"));
        assertFalse(rawValues.containsKey("u2"), "the earlier binding is no longer used");
        assertEquals("Bob", directory.find("u2"));
        assertEquals("u1 #1", directory.find("u1"), "u1 was stored through the earlier binding only");
    }

    @Test
    void keyOf_givenTheKeyParametersInOrder() {
        loading.bind("pairs", users, p -> p[0] + "/" + p[1]);

        directory.storeIn("t1", "Ann", "u1"); // key: every parameter but the @CacheValue
        assertEquals("Ann", rawValues.get("t1/u1"));

        assertEquals("Ann", directory.findIn("t1", 42, "u1")); // key: the @CacheKey parameters
        assertEquals(0, directory.loader().loads("u1"));
    }

    @Test
    void keyOf_answersNull_annotatedCallFails() {
        loading.bind("bound", users, p -> null);

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> directory.find("u1"));

        assertEquals(0, directory.loader().loads("u1"));
        assertFalse(failure.getMessage().isEmpty());
    }

    @Test
    void bind_inPostConstructOfTheAnnotatedBean_usedFromTheFirstCall() {
        SelfBound bean = weld.select(SelfBound.class).get();

        bean.store("u1", "Ann");

        Cache<Object, Object> own = manager.getCache("self-values");
        assertEquals("Ann", own.get("u1"));
        assertEquals("Ann", bean.find("u1"));
        assertNull(manager.getCache("self"));
    }

    @ApplicationScoped
    static class Directory {
        private final ControlledLoader loader = new ControlledLoader().withoutValue("ghost");

        ControlledLoader loader() {
            return loader;
        }

        @CacheResult(cacheName = "bound")
        String find(String id) {
            return loader.load(id);
        }

        @CachePut(cacheName = "bound")
        void store(@CacheKey String id, @CacheValue String value) {
        }

        @CacheRemove(cacheName = "bound")
        void remove(@CacheKey String id) {
        }

        @CacheRemoveAll(cacheName = "bound")
        void removeAll() {
        }

        @CacheResult(cacheName = "elsewhere")
        String findElsewhere(String id) {
            return loader.load(id);
        }

        @CacheResult(cacheName = "pairs")
        String findIn(@CacheKey String tenant, int attempt, @CacheKey String id) {
            return loader.load(id);
        }

        @CachePut(cacheName = "pairs")
        void storeIn(String tenant, @CacheValue String value, String id) {
        }
    }

    /** Binds its own cache name once it is created, as a module that declares the annotations would. */
    @ApplicationScoped
    static class SelfBound {
        @Inject
        CacheLoading loading;
        @Inject
        CacheManager manager;

        @PostConstruct
        void bind() {
            Cache<String, String> values = manager.createCache("self-values", new MutableConfiguration<>());
            Cache<Object, Object> absences = manager.createCache("self-absences", new MutableConfiguration<>());
            loading.bind("self", loading.of(values, absences), p -> (String) p[0]);
        }

        @CacheResult(cacheName = "self")
        String find(String id) {
            return "loaded " + id;
        }

        @CachePut(cacheName = "self")
        void store(String id, @CacheValue String value) {
        }
    }
}
