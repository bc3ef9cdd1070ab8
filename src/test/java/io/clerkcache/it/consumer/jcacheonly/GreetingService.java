package io.clerkcache.it.consumer.jcacheonly;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/** A cached bean of a module that uses the JCache jar alone; counts how often its method body ran. */
@ApplicationScoped
public class GreetingService {

    private final AtomicInteger computed = new AtomicInteger();

    /** Computed on a miss only. */
    @CacheResult(cacheName = "greetings")
    public String greeting(String name) {
        return "hello " + name + " #" + computed.incrementAndGet();
    }

    /** Forgets the cached greeting of {@code name}. */
    @CacheRemove(cacheName = "greetings")
    public void forget(String name) {
        // the annotation does the work
    }

    /** How often {@link #greeting} computed a value. */
    public int computed() {
        return computed.get();
    }
}
