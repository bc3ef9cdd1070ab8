package io.clerkcache.users.cache;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.clerk.ClerkRateBudget;
import io.clerkcache.clerk.LocalClerkRateBudget;

/**
 * Chooses the {@link ClerkRateBudget} bean: shared by every instance through the caches' Redis
 * ({@link SharedClerkRateBudget}, under {@link UserCaches#keyPrefix()}, so demo mode and another Clerk instance keep
 * budgets of their own) when the caches live in Redis, this JVM's {@link LocalClerkRateBudget} otherwise. An
 * alternative with a priority (its producer with it), so it wins over the local budget bean wherever it is deployed.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class ClerkRateBudgets {

    @Produces
    @ApplicationScoped
    ClerkRateBudget budget(UserCaches caches, ClerkConfig config, LocalClerkRateBudget local) {
        return caches.redis()
                .<ClerkRateBudget>map(redis -> new SharedClerkRateBudget(redis, caches.keyPrefix(),
                        config.rateLimitRequests(), config.rateLimitWindow()))
                .orElse(local);
    }
}
