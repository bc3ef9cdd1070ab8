package io.clerkcache.jcache;

/**
 * What a {@link LoadingCache} holds for one key, as {@link LoadingCache#update} shows it to its decision: a value,
 * or the trace an invalidation left ({@link InvalidationMarker}), or a remembered absence, or nothing at all. At
 * most one of {@link #value()} and {@link #marker()} is set; {@link #absence()} is read only when there is no value.
 *
 * @param value   the cached value, or {@code null}
 * @param marker  the marker an invalidation left in the value's place, or {@code null}
 * @param absence the remembered "the loader found nothing", or {@code null}
 * @param <V>     the value type
 */
public record CacheState<V>(V value, InvalidationMarker marker, AbsentValue absence) {

    /** Whether the cache holds a value for the key. */
    public boolean hasValue() {
        return value != null;
    }
}
