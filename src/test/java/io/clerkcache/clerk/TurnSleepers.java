package io.clerkcache.clerk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** For tests of the rate budget: waits until a caller sleeps on its reserved turn. */
public final class TurnSleepers {

    private TurnSleepers() {
    }

    /**
     * Returns once the thread (when there is one) sleeps in {@link RatePacer#settle}, that is, after its turn was
     * reserved and before its request; fails after 10 s.
     */
    public static void awaitSleepingOnItsTurn(Supplier<Thread> worker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sleepsOnItsTurn(worker.get())) {
            assertTrue(System.nanoTime() < deadline, "the caller never slept on its turn");
            Thread.onSpinWait();
        }
    }

    private static boolean sleepsOnItsTurn(Thread thread) {
        if (thread == null || thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(RatePacer.class.getName()) && frame.getMethodName().equals("settle")) {
                return true;
            }
        }
        return false;
    }
}
