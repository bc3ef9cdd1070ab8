package io.clerkcache.api;

import java.util.Objects;

/** Ends a request with a {@link Problem} response; thrown by resources for errors they detect themselves. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail() != null ? problem.detail() : problem.title(), null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
