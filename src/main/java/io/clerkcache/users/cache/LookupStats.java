package io.clerkcache.users.cache;

import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts of the user directory's layers, since start, in this JVM: how many users callers asked for, how many the
 * request memo answered, how many reached the JCache, and how many had to be asked of Clerk. The cache's hits are the
 * ones that reached it minus the ones asked of Clerk.
 */
@ApplicationScoped
public class LookupStats {

    private final LongAdder requested = new LongAdder();
    private final LongAdder memoHits = new LongAdder();
    private final LongAdder cacheRequests = new LongAdder();
    private final LongAdder upstreamLookups = new LongAdder();

    public void requested(long n) {
        requested.add(n);
    }

    public void memoHits(long n) {
        memoHits.add(n);
    }

    public void cacheRequests(long n) {
        cacheRequests.add(n);
    }

    public void upstreamLookups(long n) {
        upstreamLookups.add(n);
    }

    /** A consistent-enough copy of the counters. */
    public Snapshot snapshot() {
        return new Snapshot(requested.sum(), memoHits.sum(), cacheRequests.sum(), upstreamLookups.sum());
    }

    /**
     * @param requested       users asked for by callers (a batch counts each distinct id)
     * @param memoHits        answered by the request memo
     * @param cacheRequests   reached the JCache
     * @param upstreamLookups ids or usernames asked of Clerk (a batch call counts each id it carried)
     */
    public record Snapshot(long requested, long memoHits, long cacheRequests, long upstreamLookups) {

        public long cacheHits() {
            return Math.max(0, cacheRequests - upstreamLookups);
        }
    }
}
