package io.clerkcache.users;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.clerkcache.jcache.JCacheSettings;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.users.cache.UserCaches;

/**
 * Checks the directory's configuration when the application starts, so that a malformed setting fails the deployment
 * with a message naming the key instead of failing every lookup later. Touches no cache: a Redis that is down at
 * start must not stop the application.
 */
@ApplicationScoped
public class UserDirectoryStartup {

    private static final Logger LOG = Logger.getLogger(UserDirectoryStartup.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application, UserCacheConfig config,
            AdmissionConfig admission, UserCaches caches, Instance<JCacheSettings> settings) {
        String described = config.toString(); // resolving the bean runs its validation
        String limits = admission.toString();
        settings.forEach(JCacheSettings::singleFlight);
        LOG.info(() -> "User directory: cache " + described + ", key prefix in use '" + caches.keyPrefix() + "'; "
                + limits);
    }
}
