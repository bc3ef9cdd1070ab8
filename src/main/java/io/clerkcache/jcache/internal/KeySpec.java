package io.clerkcache.jcache.internal;

import javax.cache.annotation.CacheKeyGenerator;

/**
 * How an operation's key is made.
 *
 * @param parameters     positions of the key parameters, in declaration order
 * @param valueParameter position of the {@code @CacheValue} parameter, -1 if none (it is never part of the key)
 * @param generator      the custom key generator class, {@code null} for {@link DefaultCacheKey}
 */
record KeySpec(int[] parameters, int valueParameter, Class<? extends CacheKeyGenerator> generator) {
}
