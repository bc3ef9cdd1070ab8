package io.clerkcache.jcache.internal;

import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * A parsed operation with what its calls need, made on the method's first call: the key generator and how its
 * caches are found.
 *
 * @param operation      the parsed annotation
 * @param keyGenerator   the custom key generator, {@code null} for {@link DefaultCacheKey}
 * @param cache          how the operation's cache is found
 * @param exceptionCache how {@code @CacheResult}'s exception cache is found, {@code null} if it has none
 */
record BoundOperation<O extends JCacheOperation>(O operation, CacheKeyGenerator keyGenerator,
                                                  CacheResolution.Binding cache,
                                                  CacheResolution.Binding exceptionCache) {

    /** The key of this call. */
    Object key(KeySpec spec, InvocationContext ctx) {
        if (keyGenerator != null) {
            GeneratedCacheKey key = keyGenerator.generateCacheKey(
                    new KeyInvocationContext<>(operation.target(), spec, ctx));
            if (key == null) {
                throw new IllegalStateException(keyGenerator.getClass().getName() + " returned a null key for "
                        + OperationParser.describe(operation.target().method()));
            }
            return key;
        }
        Object[] args = ctx.getParameters();
        int[] positions = spec.parameters();
        Object[] values = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            values[i] = args[positions[i]];
        }
        return new DefaultCacheKey(values);
    }
}
