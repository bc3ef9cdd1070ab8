package io.clerkcache.jcache.support;

import io.clerkcache.jcache.JCacheSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Settings with shared invalidation off: an invalidation removes the entry and guards loads in this JVM only, so a
 * test with these settings sees whether that guard works without the marker's help.
 */
public class LocalInvalidation {

    @Produces
    @Singleton
    JCacheSettings settings() {
        return JCacheSettings.defaults().withSharedInvalidation(false);
    }
}
