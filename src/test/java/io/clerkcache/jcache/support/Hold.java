package io.clerkcache.jcache.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One call stopped at a known point until the test lets it go: the test learns that the call got there
 * ({@link #awaitReached()}), does what the race needs, then {@link #release()}s it. Nothing here measures or waits
 * for time; the bound on each wait only keeps a broken test from hanging.
 */
public final class Hold {

    /** How long a wait may take before the test is declared broken. */
    public static final long WAIT_SECONDS = 20;

    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Called on the held thread: signals that it got here, then blocks until {@link #release()}. */
    public void block() {
        reached.countDown();
        try {
            if (!released.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held call never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("held call interrupted", e);
        }
    }

    /** Waits until a call reached the hold. */
    public void awaitReached() throws InterruptedException {
        if (!reached.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no call reached the hold");
        }
    }

    /** Lets the held call go on. */
    public void release() {
        released.countDown();
    }
}
