package io.clerkcache.jcache.internal;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The default key: the values of the key parameters only, compared deeply, so {@code m(a)} and
 * {@code m(x, @CacheKey a, y)} produce equal keys. Serializable (as {@link GeneratedCacheKey} requires) so it can
 * travel to a remote cache; the key parameter values must then be serializable too.
 */
public final class DefaultCacheKey implements GeneratedCacheKey {

    private static final long serialVersionUID = 1L;

    private final Object[] values;
    private final int hashCode;

    /** A key of {@code values}, which the key keeps (the caller must not change the array afterwards). */
    public DefaultCacheKey(Object[] values) {
        this.values = values;
        this.hashCode = Arrays.deepHashCode(values);
    }

    /** The key parameters' values, in order (not a copy: never change it). */
    Object[] parameters() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DefaultCacheKey k && hashCode == k.hashCode
                && Arrays.deepEquals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return "DefaultCacheKey" + Arrays.deepToString(values);
    }
}
