package io.clerkcache.jcache.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** A bean with one method per annotation on the cache {@code profiles}, counting how often its loader runs. */
@ApplicationScoped
public class Profiles {

    private final AtomicInteger loads = new AtomicInteger();

    public int loads() {
        return loads.get();
    }

    @CacheResult(cacheName = "profiles")
    public String load(String id) {
        loads.incrementAndGet();
        return "profile " + id;
    }

    @CachePut(cacheName = "profiles")
    public void save(String id, @CacheValue String profile) {
    }

    @CacheRemove(cacheName = "profiles")
    public void delete(String id) {
    }

    @CacheRemoveAll(cacheName = "profiles")
    public void deleteAll() {
    }
}
