package io.clerkcache.ops;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where warming runs: the server's default Jakarta Concurrency executor ({@code concurrent-3.0} on Liberty), whose
 * tasks the server cancels when the application stops; where there is none (a Weld SE test, a server without the
 * feature), a pool of daemon threads of its own, stopped with the application. Either way warming runs outside any
 * HTTP request: no request memo, and no caller's limit on Clerk calls.
 */
@ApplicationScoped
public class WarmingExecutor {

    private static final Logger LOG = Logger.getLogger(WarmingExecutor.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    @Resource
    ManagedExecutorService managed;

    private ExecutorService own;

    /** Runs {@code task} on a warming thread. */
    <T> Future<T> submit(Callable<T> task) {
        if (managed != null) {
            return managed.submit(task);
        }
        return ownPool().submit(task);
    }

    /** Whether tasks run on the server's managed executor (else on threads of this bean's own). */
    boolean managed() {
        return managed != null;
    }

    private synchronized ExecutorService ownPool() {
        if (own == null) {
            LOG.fine("No managed executor: cache warming runs on threads of its own");
            own = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "clerk-cache-warming-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return own;
    }

    /** Stops warming that still runs on this bean's own threads (the server stops the managed executor's tasks). */
    @PreDestroy
    synchronized void stop() {
        if (own != null) {
            own.shutdownNow();
        }
    }
}
