package io.clerkcache.clerk;

import java.time.Duration;

/**
 * Decides whether a call to Clerk may go out now, given the 429 answers seen so far. The default,
 * {@link LocalClerkRateBudget}, is local to this JVM; an implementation shared by all instances (e.g. through Redis)
 * can replace it as a CDI alternative.
 */
public interface ClerkRateBudget {

    /** How long callers must still wait before calling Clerk; {@link Duration#ZERO} when a call may go out now. */
    Duration blockedFor();

    /** Clerk answered 429 asking to wait {@code retryAfter}: block every call until then. */
    void blockFor(Duration retryAfter);
}
