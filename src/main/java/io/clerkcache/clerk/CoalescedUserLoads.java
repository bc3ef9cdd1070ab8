package io.clerkcache.clerk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.clerkcache.metrics.Recorder;

/**
 * Single-user loads by id that have to wait for the rate budget, joined into list calls
 * ({@link ClerkClient#getUserCoalescing}). A load that finds a request free at once sends {@code GET /users/{id}}.
 * Otherwise its id joins the open batch (up to {@value ClerkClient#MAX_IDS_PER_REQUEST} ids; a full batch starts
 * another): the batch's first caller, its leader, waits for the budget's next request and sends one
 * {@code GET /users?user_id=...} with every id queued by then, completing every waiter (an id Clerk leaves out is
 * not found; a failure fails them all). Every waiter waits at most {@code clerk.rate-limit.max-wait} (and its own
 * {@link CallDeadline}) for the request; a leader that gives up hands the batch to the next waiter.
 */
final class CoalescedUserLoads {

    /** Retry-After hint of a waiter that saw no request come for its batch. */
    private static final Duration WAITER_RETRY_AFTER = Duration.ofSeconds(1);

    private final ClerkClient client;
    private final ClerkRateBudget budget;
    private final ClerkConfig config;
    private final Recorder stats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The batch new waiters join; guarded by {@link #lock}. */
    private Batch open;

    CoalescedUserLoads(ClerkClient client, ClerkRateBudget budget, ClerkConfig config, Recorder stats) {
        this.client = client;
        this.budget = budget;
        this.config = config;
        this.stats = stats;
    }

    /** Ids waiting for one call; guarded by the lock. */
    private static final class Batch {
        final Map<String, List<Waiter>> waiters = new LinkedHashMap<>();
        boolean sent;
    }

    /** One load waiting; guarded by the lock. */
    private static final class Waiter {
        final String id;
        boolean lead;
        boolean done;
        Optional<ClerkUser> user;
        RuntimeException failure;

        Waiter(String id) {
            this.id = id;
        }
    }

    Optional<ClerkUser> getUser(String id) {
        ClerkIds.requireValidUserId(id);
        if (CallDeadline.expired()) {
            return client.getUser(id); // fails without a request
        }
        long start = System.nanoTime();
        if (budget.acquire(1, Duration.ZERO).isZero()) {
            stats.clerkBudgetAcquired(budget.mode(), System.nanoTime() - start);
            return client.getUser(id, true);
        }
        long tokenEnd = start + CallDeadline.bound(config.rateLimitMaxWait()).toNanos();
        Waiter waiter = new Waiter(id);
        Batch batch;
        lock.lock();
        try {
            batch = open;
            if (batch == null || batch.waiters.size() >= ClerkClient.MAX_IDS_PER_REQUEST
                    && !batch.waiters.containsKey(id)) {
                batch = new Batch();
                open = batch;
                waiter.lead = true;
            }
            batch.waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(waiter);
            awaitTurn(batch, waiter, tokenEnd);
            if (waiter.done) {
                return result(waiter);
            }
        } finally {
            lock.unlock();
        }
        return lead(batch, waiter, tokenEnd);
    }

    /** Waits (holding the lock) until the waiter's batch answered or the waiter leads it; throws when it gives up. */
    private void awaitTurn(Batch batch, Waiter waiter, long tokenEnd) {
        long deadlineEnd = System.nanoTime() + saturatedNanos(CallDeadline.remaining());
        while (!waiter.done && !waiter.lead) {
            long end = batch.sent ? deadlineEnd : Math.min(tokenEnd, deadlineEnd);
            long left = end - System.nanoTime();
            if (left <= 0) {
                if (batch.sent) {
                    throw new ClerkUnavailableException(ClerkOperation.GET_USER, 0, null, null,
                            "the lookup's deadline passed while waiting for a joint call", null);
                }
                leave(batch, waiter);
                stats.clerkRefusedLocally();
                throw new ClerkRateLimitedException(ClerkOperation.GET_USER, WAITER_RETRY_AFTER);
            }
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!batch.sent) {
                    leave(batch, waiter);
                }
                throw new ClerkUnavailableException(ClerkOperation.GET_USER, 0, null, null, "interrupted", e);
            }
        }
    }

    /** Waits for the budget's next request for the batch, sends it, and answers every waiter. */
    private Optional<ClerkUser> lead(Batch batch, Waiter waiter, long tokenEnd) {
        long start = System.nanoTime();
        Duration refused = budget.acquire(1, Duration.ofNanos(Math.max(0, tokenEnd - start)));
        if (!refused.isZero()) {
            lock.lock();
            try {
                leave(batch, waiter);
            } finally {
                lock.unlock();
            }
            stats.clerkRefusedLocally();
            throw new ClerkRateLimitedException(ClerkOperation.GET_USER, refused);
        }
        stats.clerkBudgetAcquired(budget.mode(), System.nanoTime() - start);
        List<String> ids;
        lock.lock();
        try {
            batch.sent = true;
            if (open == batch) {
                open = null;
            }
            ids = List.copyOf(batch.waiters.keySet());
        } finally {
            lock.unlock();
        }
        Map<String, ClerkUser> found = new HashMap<>();
        RuntimeException failure = null;
        try {
            if (ids.size() == 1) {
                client.getUser(ids.get(0), true).ifPresent(u -> found.put(u.id(), u));
            } else {
                stats.clerkCoalesced(ids.size());
                for (ClerkUser user : client.getUsers(ids, true)) {
                    found.put(user.id(), user);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        lock.lock();
        try {
            for (List<Waiter> sameId : batch.waiters.values()) {
                for (Waiter w : sameId) {
                    w.done = true;
                    w.user = Optional.ofNullable(found.get(w.id));
                    w.failure = failure;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return result(waiter);
    }

    /** Takes the waiter out of its unsent batch; if it led, the next waiter leads; an empty batch closes. */
    private void leave(Batch batch, Waiter waiter) {
        List<Waiter> sameId = batch.waiters.get(waiter.id);
        if (sameId != null) {
            sameId.remove(waiter);
            if (sameId.isEmpty()) {
                batch.waiters.remove(waiter.id);
            }
        }
        if (batch.waiters.isEmpty()) {
            if (open == batch) {
                open = null;
            }
            return;
        }
        if (waiter.lead) {
            Iterator<List<Waiter>> next = batch.waiters.values().iterator();
            next.next().get(0).lead = true;
            changed.signalAll();
        }
    }

    private static Optional<ClerkUser> result(Waiter waiter) {
        if (waiter.failure != null) {
            throw waiter.failure;
        }
        return waiter.user;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }
}
