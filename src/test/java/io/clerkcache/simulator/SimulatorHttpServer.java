package io.clerkcache.simulator;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The simulator core served over real HTTP by the JDK's server on 127.0.0.1 (an ephemeral port), API under
 * {@code /v1}: the test-side counterpart of {@link SimulatorApiResource}. Records every request, and can
 * {@linkplain #holdNext hold} an answer until the test releases it.
 */
public final class SimulatorHttpServer implements AutoCloseable {

    /** How long a held answer waits for its release before it is sent anyway (a test that forgot it). */
    private static final long HOLD_LIMIT_SECONDS = 30;

    private final ClerkSimulator simulator;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    public SimulatorHttpServer(ClerkSimulator simulator) {
        this.simulator = simulator;
        this.server = TestHttp.bindLoopback(executor);
        server.createContext("/v1", exchange -> {
            try (exchange) {
                RecordedRequest request = TestHttp.record(exchange);
                requests.add(request);
                SimulatorResponse answer = simulator.handle(new SimulatorRequest(request.method(),
                        request.path().substring("/v1".length()), request.query(), request.header("Authorization"),
                        request.header("Clerk-API-Version"), request.body()));
                Hold hold = claimHold(request);
                if (hold != null) {
                    hold.hold();
                }
                TestHttp.respond(exchange, answer.status(), answer.body(), answer.headers());
            }
        });
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public ClerkSimulator simulator() {
        return simulator;
    }

    /** The requests received over HTTP so far, oldest first (calls made on {@link #simulator()} directly excluded). */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Holds the answer to the next request matching {@code which}: the simulator answers it at once (so the answer
     * reflects the data at that moment, like a Clerk response already on its way), but it is sent only when the test
     * calls {@link Hold#release()}. Other requests are answered as usual meanwhile.
     */
    public Hold holdNext(Predicate<RecordedRequest> which) {
        Hold hold = new Hold(which);
        holds.add(hold);
        return hold;
    }

    private Hold claimHold(RecordedRequest request) {
        for (Hold hold : holds) {
            if (hold.which.test(request) && hold.claimed.compareAndSet(false, true)) {
                holds.remove(hold);
                return hold;
            }
        }
        return null;
    }

    @Override
    public void close() {
        holds.forEach(Hold::release);
        server.stop(0);
        executor.shutdownNow();
    }

    /** One held answer; see {@link #holdNext}. */
    public static final class Hold {
        private final Predicate<RecordedRequest> which;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(Predicate<RecordedRequest> which) {
            this.which = which;
        }

        /** Waits until the request has arrived and its answer is held. */
        public void awaitArrival() {
            try {
                if (!arrived.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("no matching request reached the server in " + HOLD_LIMIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the held request", e);
            }
        }

        /** Sends the held answer (now, or as soon as the request arrives). */
        public void release() {
            released.countDown();
        }

        private void hold() {
            arrived.countDown();
            try {
                released.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
