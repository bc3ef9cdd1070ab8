package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachePutAndRemoveTest {

    WeldContainer weld;
    Users users;
    Cache<Object, Object> cache;

    @BeforeEach
    void start() {
        weld = JCacheTesting.caffeine(Users.class);
        users = weld.select(Users.class).get();
        users.load("warm-up"); // creates the cache on demand
        cache = weld.select(CacheManager.class).get().getCache("users");
        cache.removeAll();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    private static Object key(Object... values) {
        return new DefaultCacheKey(values);
    }

    /** An evicted entry is replaced by an invalidation marker (shared invalidation is on by default). */
    private void assertEvicted(String id) {
        assertInstanceOf(InvalidationMarker.class, cache.get(key(id)));
        assertEquals("loaded " + id, users.load(id), "a marker is a miss");
        assertEquals(1, users.loads());
    }

    @Test
    void put_afterInvocation_valueStoredUnderKeyParametersAndReadByCacheResult() {
        users.save("u1", "Ann");

        assertEquals("Ann", cache.get(key("u1")));
        assertEquals("Ann", users.load("u1"));
        assertEquals(0, users.loads(), "served from the entry @CachePut wrote");
    }

    @Test
    void put_afterInvocationMethodThrowsAndFiltersEmpty_valueNotStored() {
        assertThrows(IllegalStateException.class, () -> users.saveFailing("u1", "Ann", new IllegalStateException()));

        assertNull(cache.get(key("u1")));
    }

    @Test
    void put_afterInvocationMethodThrowsMatchingCacheFor_valueStored() {
        assertThrows(UnsupportedOperationException.class,
                () -> users.saveEvenIfUnsupported("u1", "Ann", new UnsupportedOperationException()));

        assertEquals("Ann", cache.get(key("u1")));
    }

    @Test
    void remove_methodThrowsAndFiltersEmpty_entryKept() {
        cache.put(key("u1"), "Ann");

        assertThrows(IllegalStateException.class, () -> users.deleteFailing("u1", new IllegalStateException()));

        assertEquals("Ann", cache.get(key("u1")));
    }

    @Test
    void put_afterInvocationMethodThrowsNoCacheForMatch_valueNotStored() {
        assertThrows(IllegalArgumentException.class,
                () -> users.saveUnlessBadInput("u1", "Ann", new IllegalArgumentException()));

        assertNull(cache.get(key("u1")));
    }

    @Test
    void put_beforeInvocation_valueStoredEvenWhenMethodThrows() {
        assertThrows(IllegalArgumentException.class,
                () -> users.saveEarly("u1", "Ann", new IllegalArgumentException()));

        assertEquals("Ann", cache.get(key("u1")));
    }

    @Test
    void put_nullValue_entryEvicted() {
        cache.put(key("u1"), "old");

        users.save("u1", null);

        assertEvicted("u1");
    }

    @Test
    void remove_afterInvocation_entryEvicted() {
        cache.put(key("u1"), "Ann");

        users.delete("u1");

        assertEvicted("u1");
    }

    @Test
    void remove_methodThrowsMatchingNoEvictFor_entryKept() {
        cache.put(key("u1"), "Ann");

        assertThrows(IllegalArgumentException.class, () -> users.deleteUnlessBadInput("u1", new IllegalArgumentException()));

        assertEquals("Ann", cache.get(key("u1")));
    }

    @Test
    void remove_methodThrowsOtherException_entryEvicted() {
        cache.put(key("u1"), "Ann");

        assertThrows(IllegalStateException.class, () -> users.deleteUnlessBadInput("u1", new IllegalStateException()));

        assertEvicted("u1");
    }

    @Test
    void remove_beforeInvocation_entryEvictedEvenWhenMethodThrows() {
        cache.put(key("u1"), "Ann");

        assertThrows(IllegalStateException.class, () -> users.deleteEarly("u1", new IllegalStateException()));

        assertEvicted("u1");
    }

    @Test
    void removeAll_afterInvocation_everyEntryEvicted() {
        cache.put(key("u1"), "Ann");
        cache.put(key("u2"), "Bob");

        users.deleteAll();

        assertNull(cache.get(key("u1")));
        assertNull(cache.get(key("u2")));
    }

    @Test
    void removeAll_methodThrowsNotInEvictFor_entriesKept() {
        cache.put(key("u1"), "Ann");

        assertThrows(IllegalStateException.class, () -> users.deleteAllOnlyForBadInput(new IllegalStateException()));

        assertEquals("Ann", cache.get(key("u1")));
    }

    @ApplicationScoped
    static class Users {
        private final AtomicInteger loads = new AtomicInteger();

        int loads() {
            return loads.get();
        }

        @CacheResult(cacheName = "users")
        String load(String id) {
            if (!id.equals("warm-up")) {
                loads.incrementAndGet();
            }
            return "loaded " + id;
        }

        @CachePut(cacheName = "users")
        void save(String id, @CacheValue String name) {
        }

        @CachePut(cacheName = "users")
        void saveFailing(@CacheKey String id, @CacheValue String name, RuntimeException failure) {
            throw failure;
        }

        @CachePut(cacheName = "users", cacheFor = RuntimeException.class, noCacheFor = IllegalStateException.class)
        void saveEvenIfUnsupported(@CacheKey String id, @CacheValue String name, RuntimeException failure) {
            throw failure;
        }

        @CacheRemove(cacheName = "users")
        void deleteFailing(@CacheKey String id, RuntimeException failure) {
            throw failure;
        }

        @CachePut(cacheName = "users", noCacheFor = IllegalArgumentException.class)
        void saveUnlessBadInput(@CacheKey String id, @CacheValue String name, RuntimeException failure) {
            throw failure;
        }

        @CachePut(cacheName = "users", afterInvocation = false)
        void saveEarly(@CacheKey String id, @CacheValue String name, RuntimeException failure) {
            throw failure;
        }

        @CacheRemove(cacheName = "users")
        void delete(String id) {
        }

        @CacheRemove(cacheName = "users", noEvictFor = IllegalArgumentException.class)
        void deleteUnlessBadInput(@CacheKey String id, RuntimeException failure) {
            throw failure;
        }

        @CacheRemove(cacheName = "users", afterInvocation = false)
        void deleteEarly(@CacheKey String id, RuntimeException failure) {
            throw failure;
        }

        @CacheRemoveAll(cacheName = "users")
        void deleteAll() {
        }

        @CacheRemoveAll(cacheName = "users", evictFor = IllegalArgumentException.class)
        void deleteAllOnlyForBadInput(RuntimeException failure) {
            throw failure;
        }
    }
}
