package io.clerkcache.api;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.users.AdmissionConfig;

/**
 * Admits at most {@code clerk.cache.batch-max-concurrent} ({@link AdmissionConfig#batchMaxConcurrent()}) batch
 * requests at a time. A batch holds up to {@code clerk.cache.batch-max-ids} users and their response in memory while
 * it runs, and a cold one holds a request thread for several Clerk calls: a batch over the limit is refused at once
 * with a 503 problem and {@code Retry-After}, not queued.
 */
@ApplicationScoped
public class BatchBulkhead {

    static final long RETRY_AFTER_SECONDS = 1;

    private int maxConcurrent;
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
        this(config.batchMaxConcurrent());
    }

    /** At most {@code maxConcurrent} (at least 1) batches at once. */
    BatchBulkhead(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
    }

    /**
     * Runs {@code batch} if a slot is free.
     *
     * @throws ProblemException 503 {@code batches-busy} with {@code Retry-After} when all slots are taken
     */
    public <T> T run(Supplier<T> batch) {
        if (!permits.tryAcquire()) {
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

    /** Batches running now. */
    public int running() {
        return maxConcurrent - permits.availablePermits();
    }

    /** Batches refused since start. */
    public long refused() {
        return recorder.batchesBusyCount();
    }
}
