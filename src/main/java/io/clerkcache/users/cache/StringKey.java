package io.clerkcache.users.cache;

import java.util.Objects;

import javax.cache.annotation.GeneratedCacheKey;

/**
 * A cache key that is one plain string (a user id, a lower-cased username). Stored as that string in Redis, so
 * entries are readable with {@code redis-cli}, and equal to the key the annotated loaders generate, so the batch path
 * can address the same entries with {@code getAll}/{@code putAll}.
 *
 * @param value the key text
 */
public record StringKey(String value) implements GeneratedCacheKey {

    public StringKey {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
