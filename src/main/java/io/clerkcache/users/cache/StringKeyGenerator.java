package io.clerkcache.users.cache;

import java.lang.annotation.Annotation;

import jakarta.enterprise.context.ApplicationScoped;

import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Generates a {@link StringKey} from a method's single {@code @CacheKey} parameter, a string. Used by the user
 * caches so that Redis holds plain string keys instead of a serialized parameter array.
 */
@ApplicationScoped
public class StringKeyGenerator implements CacheKeyGenerator {

    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        CacheInvocationParameter[] keys = context.getKeyParameters();
        if (keys.length != 1 || !(keys[0].getValue() instanceof String value)) {
            throw new IllegalArgumentException(context.getMethod() + ": " + getClass().getSimpleName()
                    + " needs exactly one String @CacheKey parameter");
        }
        return new StringKey(value);
    }
}
