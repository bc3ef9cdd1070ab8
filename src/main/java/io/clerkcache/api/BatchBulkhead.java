package io.clerkcache.api;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.users.AdmissionConfig;

/**
 * Admits at most {@code clerk.cache.batch-max-concurrent} ({@link AdmissionConfig#batchMaxConcurrent()}) batch
 * requests at a time. A batch holds up to {@code clerk.cache.batch-max-ids} users and their response in memory while
 * it runs, and a cold one holds a request thread for several Clerk calls: a batch over the limit waits for a slot at
 * most {@code clerk.cache.batch-wait} ({@link AdmissionConfig#batchWait()}; cold batches hold theirs about as long
 * as Clerk's rate budget makes them wait), then is refused with a 503 problem and {@code Retry-After}.
 */
@ApplicationScoped
public class BatchBulkhead {

    static final long RETRY_AFTER_SECONDS = 1;

    private int maxConcurrent;
    private Duration wait;
    private Semaphore permits;
    private Recorder recorder = Recorder.inMemory();

    /** Where refusals are counted (the service's one recorder; a recorder of its own when built by hand). */
    @Inject
    void recordTo(Recorder recorder) {
        this.recorder = recorder;
    }

    /** For CDI. */
    protected BatchBulkhead() {
    }

    @Inject
    public BatchBulkhead(AdmissionConfig config) {
        this(config.batchMaxConcurrent(), config.batchWait());
    }

    /** At most {@code maxConcurrent} (at least 1) batches at once; a batch waits at most {@code wait} for a slot. */
    BatchBulkhead(int maxConcurrent, Duration wait) {
        this.maxConcurrent = maxConcurrent;
        this.wait = wait;
        this.permits = new Semaphore(maxConcurrent);
    }

    /**
     * Runs {@code batch} once a slot is free, waiting at most {@code clerk.cache.batch-wait}.
     *
     * @throws ProblemException 503 {@code batches-busy} with {@code Retry-After} when all slots stayed taken (or the
     *                          wait was interrupted: the interrupt stays set)
     */
    public <T> T run(Supplier<T> batch) {
        if (!enter()) {
            recorder.batchesBusy();
            throw new ProblemException(Problem.of("batches-busy", "Too many batch requests at once", 503,
                    "at most " + maxConcurrent + " batch requests run at a time; retry shortly"), RETRY_AFTER_SECONDS);
        }
        try {
            return batch.get();
        } finally {
            permits.release();
        }
    }

    private boolean enter() {
        if (permits.tryAcquire()) {
            return true;
        }
        try {
            return permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Batches running now. */
    public int running() {
        return maxConcurrent - permits.availablePermits();
    }

    /** Batches waiting for a slot now (an estimate, as {@link Semaphore#getQueueLength()}). */
    int waiting() {
        return permits.getQueueLength();
    }

    /** Batches refused since start. */
    public long refused() {
        return recorder.batchesBusyCount();
    }
}
