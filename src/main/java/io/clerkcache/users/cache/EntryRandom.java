package io.clerkcache.users.cache;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The random numbers of the entries' lifetimes: the TTL jitter drawn when an entry is written and the draw of
 * probabilistic early refresh on each hit. A bean of its own so that a test can replace it (an {@code @Alternative}
 * subclass) and make both deterministic.
 */
@ApplicationScoped
public class EntryRandom {

    /** A number drawn uniformly from [0, 1). */
    public double next() {
        return ThreadLocalRandom.current().nextDouble();
    }
}
