package io.clerkcache.simulator;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The receiving end of the simulator's webhooks in tests: a JDK HTTP server on 127.0.0.1 that records every request
 * and answers a set status, optionally only once the test opens its gate.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** Longest a test waits for deliveries before it fails. */
    private static final long WAIT_SECONDS = 20;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private volatile int status = 204;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public WebhookReceiver() {
        server = TestHttp.bindLoopback(executor);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                RecordedRequest request = TestHttp.record(exchange);
                synchronized (requests) {
                    requests.add(request);
                    requests.notifyAll();
                }
                try {
                    gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TestHttp.respond(exchange, status, "", Map.of());
            }
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** The status every delivery is answered with from now on (204 unless set). */
    public void answer(int status) {
        this.status = status;
    }

    /** Holds every answer until {@link #open()}. */
    public void closeGate() {
        gate = new CountDownLatch(1);
    }

    /** Sends the held answers and answers at once from now on. */
    public void open() {
        gate.countDown();
    }

    /** The deliveries received so far, in order of arrival. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code count} deliveries have arrived and returns them all. */
    public List<RecordedRequest> await(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (requests) {
            while (requests.size() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " deliveries, got " + requests.size());
                }
                try {
                    requests.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        open();
        server.stop(0);
        executor.shutdownNow();
    }
}
