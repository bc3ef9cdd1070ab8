package io.clerkcache.ops;

import java.time.Instant;

/**
 * Where a warming run stands ({@link DeployTimeWarming#status()}): counts only, no user data.
 *
 * @param state      {@link State#OFF} when nothing is configured to be warmed
 * @param ids        distinct ids to warm (0 while the most recently active users are still being listed)
 * @param warmed     users cached so far among them (those cached before included)
 * @param missing    ids Clerk does not know, so far
 * @param chunks     Clerk calls of up to 100 ids needed for the ids not cached before
 * @param chunksDone chunks done
 * @param startedAt  when the run was started, or {@code null}
 * @param finishedAt when it finished or failed, or {@code null}
 * @param failure    why it failed, or {@code null}
 */
public record WarmingStatus(State state, int ids, int warmed, int missing, int chunks, int chunksDone,
        Instant startedAt, Instant finishedAt, String failure) {

    /** The states of a run. */
    public enum State {
        /** Nothing to warm: no run. */
        OFF,
        /** Submitted or running. */
        RUNNING,
        /** Every chunk done. */
        FINISHED,
        /** Stopped early; {@link WarmingStatus#failure()} says why. */
        FAILED
    }

    /** The status when nothing is configured to be warmed. */
    static WarmingStatus off() {
        return new WarmingStatus(State.OFF, 0, 0, 0, 0, 0, null, null, null);
    }
}
