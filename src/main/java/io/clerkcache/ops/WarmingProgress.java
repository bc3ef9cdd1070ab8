package io.clerkcache.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.clerkcache.ops.WarmingStatus.State;

/**
 * One warming run's progress: logged one line per step (started, each chunk, finished or failed; counts only, no
 * user data) and kept for {@link #status()}. Written by the warming thread, read by any.
 */
final class WarmingProgress {

    private static final Logger LOG = Logger.getLogger(UserWarming.class.getName());

    private final String label;
    private final Level stepLevel;
    private final Clock clock;
    private final Instant startedAt;
    private volatile State state = State.RUNNING;
    private volatile int ids;
    private volatile int warmed;
    private volatile int missing;
    private volatile int chunks;
    private volatile int chunksDone;
    private volatile Instant finishedAt;
    private volatile String failure;

    /**
     * @param label     names the run in the log ({@code at deployment}, {@code on demand})
     * @param stepLevel the level of the lines between start and end
     */
    WarmingProgress(String label, Level stepLevel, Clock clock) {
        this.label = label;
        this.stepLevel = stepLevel;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** A step before the ids are known (listing users in Clerk, say). */
    void step(String what) {
        LOG.log(stepLevel, () -> "Cache warming " + label + ": " + what);
    }

    void started(int ids, int alreadyWarm, int chunks) {
        this.ids = ids;
        this.warmed = alreadyWarm;
        this.chunks = chunks;
        LOG.log(stepLevel, () -> "Cache warming " + label + " started: " + ids + " ids, " + alreadyWarm
                + " cached already, " + chunks + " Clerk calls of up to " + UserWarming.IDS_PER_CALL
                + " ids for the rest");
    }

    void chunk(int index, int size, int nowWarm, int unknown) {
        warmed += nowWarm;
        missing += unknown;
        chunksDone = index;
        LOG.log(stepLevel, () -> "Cache warming " + label + ": chunk " + index + " of " + chunks + ", " + size
                + " ids: " + nowWarm + " now cached, " + unknown + " unknown to Clerk");
    }

    void finished() {
        finishedAt = clock.instant();
        state = State.FINISHED;
        LOG.info(() -> "Cache warming " + label + " finished: " + warmed + " of " + ids + " users cached, " + missing
                + " unknown to Clerk, in " + Duration.between(startedAt, finishedAt).toMillis() + " ms");
    }

    void failed(String why) {
        failure = why;
        finishedAt = clock.instant();
        state = State.FAILED;
        String done = ids == 0 ? "before any user was loaded" : "after " + chunksDone + " of " + chunks + " chunks ("
                + warmed + " of " + ids + " users cached)";
        LOG.warning(() -> "Cache warming " + label + " failed " + done + " in "
                + Duration.between(startedAt, finishedAt).toMillis() + " ms: " + why);
    }

    WarmingStatus status() {
        return new WarmingStatus(state, ids, warmed, missing, chunks, chunksDone, startedAt, finishedAt, failure);
    }
}
