package io.clerkcache.simulator;

import io.clerkcache.simulator.SimulatedEvent.State;
import java.nio.charset.StandardCharsets;

/** One recorded event: its fixed body and headers' id, and the delivery state that attempts update. */
final class EventRecord {

    final String svixId;
    final String type;
    final String userId;
    final Long updatedAt;
    final long timestamp;
    final String body;
    final byte[] bodyBytes;

    private State state = State.HELD;
    private int attempts;
    private int lastFinished;
    private Integer lastStatus;
    private String lastError;

    EventRecord(String svixId, String type, String userId, Long updatedAt, long timestamp, String body) {
        this.svixId = svixId;
        this.type = type;
        this.userId = userId;
        this.updatedAt = updatedAt;
        this.timestamp = timestamp;
        this.body = body;
        this.bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    }

    /** Waiting for a free connection. */
    synchronized void queued() {
        state = State.PENDING;
    }

    /** Not to be sent after all (delivery was switched away from {@code deliver} while it waited). */
    synchronized void held() {
        if (attempts == 0) {
            state = State.HELD;
        }
    }

    /** Could not even be queued. */
    synchronized void notQueued(String why) {
        state = State.FAILED;
        lastError = why;
    }

    /** Starts an attempt and returns its number. */
    synchronized int attemptStarted() {
        state = State.PENDING;
        return ++attempts;
    }

    /**
     * Records how attempt {@code attempt} ended: {@code status} 0 for no answer, with {@code error} saying why. An
     * attempt that ends after a later one has ended changes nothing.
     */
    synchronized void finished(int attempt, int status, String error) {
        if (attempt < lastFinished) {
            return;
        }
        lastFinished = attempt;
        lastStatus = status == 0 ? null : status;
        lastError = error;
        if (attempt == attempts) {
            state = status >= 200 && status < 300 ? State.DELIVERED : State.FAILED;
        }
    }

    synchronized SimulatedEvent snapshot() {
        return new SimulatedEvent(svixId, type, userId, updatedAt, timestamp, state, attempts, lastStatus, lastError,
                body);
    }
}
