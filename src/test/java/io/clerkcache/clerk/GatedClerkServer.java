package io.clerkcache.clerk;

import com.sun.net.httpserver.HttpServer;
import io.clerkcache.simulator.TestHttp;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that holds every request until {@link #open()} (or forever with
 * {@link #hanging()}), then answers each with a user document: for tests of what waits before and during a request
 * (bulkhead, deadline). Counts the requests it received and says when a given number of them is being held.
 */
final class GatedClerkServer implements AutoCloseable {

    /** The id of the one user the server answers with. */
    static final String ID = "user_2abcdefghijklmnopqrstuvwxy";
    static final String USER = "{\"id\":\"" + ID + "\",\"object\":\"user\",\"username\":\"gated\","
            + "\"first_name\":null,\"last_name\":null,\"image_url\":\"https://img.example/x\",\"has_image\":false,"
            + "\"primary_email_address_id\":null,\"email_addresses\":[],\"phone_numbers\":[],\"web3_wallets\":[],"
            + "\"external_accounts\":[],\"public_metadata\":{},\"private_metadata\":{},\"unsafe_metadata\":{},"
            + "\"banned\":false,\"locked\":false,\"created_at\":1700000000000,\"updated_at\":1700000000000,"
            + "\"last_sign_in_at\":null,\"last_active_at\":null}";

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    private final Semaphore held = new Semaphore(0);

    private GatedClerkServer() {
        server = TestHttp.bindLoopback(executor);
        server.createContext("/v1", exchange -> {
            try (exchange) {
                received.incrementAndGet();
                held.release();
                try {
                    while (!gate.await(10, TimeUnit.MILLISECONDS)) {
                        if (closing.getCount() == 0) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                TestHttp.respond(exchange, 200, USER, java.util.Map.of());
            }
        });
        server.start();
    }

    /** A server that holds requests until {@link #open()}. */
    static GatedClerkServer closed() {
        return new GatedClerkServer();
    }

    /** A server that never answers (until closed). */
    static GatedClerkServer hanging() {
        return new GatedClerkServer();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Waits until {@code n} more requests have arrived (and are held). */
    boolean awaitHeld(int n) throws InterruptedException {
        return awaitHeld(n, 10_000);
    }

    /** Waits at most {@code millis} until {@code n} more requests have arrived. */
    boolean awaitHeld(int n, long millis) throws InterruptedException {
        return held.tryAcquire(n, millis, TimeUnit.MILLISECONDS);
    }

    /** Lets every held and later request be answered. */
    void open() {
        gate.countDown();
    }

    int received() {
        return received.get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
