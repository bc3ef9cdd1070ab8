package io.clerkcache.simulator;

import io.clerkcache.webhook.WebhookSignature;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends one event to the {@link WebhookTarget} as Svix does: a POST of the recorded body with {@code svix-id},
 * {@code svix-timestamp} (this attempt's unix seconds) and a fresh {@code svix-signature} over the three.
 */
final class WebhookSender {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Below Svix's own 15 s, after which it counts an attempt as failed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "Svix-Webhooks (clerk-cache simulator)";

    private final WebhookTarget target;
    private final WebhookSignature signature;
    private final Clock clock;
    private final ExecutorService executor;
    private final HttpClient http;

    /** @throws IllegalArgumentException if the target's secret is not {@code whsec_} and base64 */
    WebhookSender(WebhookTarget target, Clock clock) {
        this.target = target;
        this.signature = new WebhookSignature(target.secret(), clock, WebhookSignature.DEFAULT_TOLERANCE);
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "clerk-simulator-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
    }

    WebhookTarget target() {
        return target;
    }

    /**
     * Starts one attempt without waiting; the future completes, on the sender's own threads, with the receiver's
     * status, or exceptionally if there was no answer.
     */
    CompletableFuture<Integer> sendAsync(EventRecord event) {
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = http.sendAsync(request(event), HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.thenApplyAsync(HttpResponse::statusCode, executor);
    }

    /** One attempt, waiting for the answer: the receiver's status. */
    int send(EventRecord event) throws IOException, InterruptedException {
        return http.send(request(event), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    void close() {
        executor.shutdownNow();
    }

    private HttpRequest request(EventRecord event) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return HttpRequest.newBuilder(target.url())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("svix-id", event.svixId)
                .header("svix-timestamp", timestamp)
                .header("svix-signature", signature.signatureHeader(event.svixId, timestamp, event.bodyBytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.bodyBytes))
                .build();
    }

    /** Why an attempt got no answer, in a few words. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
