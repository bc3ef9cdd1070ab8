package io.clerkcache.jcache;

import java.io.Serializable;

/**
 * What a {@link LoadingCache}'s absence cache holds for a key whose loader found nothing: "no such value" is
 * remembered, for as long as that cache's own expiry allows, so that a popular unknown key does not reach the
 * upstream on every lookup.
 *
 * @param at when the loader answered, in epoch milliseconds
 */
public record AbsentValue(long at) implements Serializable {

    /** An absence recorded now. */
    public static AbsentValue now() {
        return new AbsentValue(System.currentTimeMillis());
    }
}
