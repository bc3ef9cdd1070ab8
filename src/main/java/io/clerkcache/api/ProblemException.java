package io.clerkcache.api;

import java.util.Objects;

/** Ends a request with a {@link Problem} response; thrown by resources for errors they detect themselves. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    /** A problem answered with {@code Retry-After: retryAfterSeconds} (when positive). */
    public ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail() != null ? problem.detail() : problem.title(), null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** The {@code Retry-After} seconds, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
