package io.clerkcache.ops;

import java.util.List;

/**
 * The outcome of warming a set of ids ({@link UserWarming#warm}).
 *
 * @param warmed  how many of the ids are cached now (those cached before included)
 * @param missing the ids Clerk does not know (or that were deleted lately), in the order asked
 */
public record WarmResult(int warmed, List<String> missing) {

    public WarmResult {
        missing = List.copyOf(missing);
    }
}
