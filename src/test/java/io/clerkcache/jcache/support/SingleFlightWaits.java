package io.clerkcache.jcache.support;

import io.clerkcache.jcache.CacheObserver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CacheObserver} bean that lets a test wait until callers wait for another's load: the library reports a
 * single-flight wait just before the caller blocks, so after {@link #await()} the callers are in the flight.
 */
@ApplicationScoped
public class SingleFlightWaits implements CacheObserver {

    private volatile CountDownLatch waits = new CountDownLatch(0);

    /** The next {@link #await()} returns once {@code count} more callers waited. */
    public void expect(int count) {
        waits = new CountDownLatch(count);
    }

    /** Waits for the expected callers; {@code false} if they did not come. */
    public boolean await() throws InterruptedException {
        return waits.await(Hold.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void onSingleFlightWait(String cacheName) {
        waits.countDown();
    }
}
