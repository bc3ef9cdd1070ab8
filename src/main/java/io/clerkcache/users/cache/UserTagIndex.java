package io.clerkcache.users.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.redisson.api.RBatch;
import org.redisson.api.RSetAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Which cached users carry a tag ({@link UserTags}): one set of user ids per tag, so that invalidating a tag touches
 * its members only, never the whole cache. With Redis the sets are Redis sets ({@code <prefix>tag:<tag>}) shared by
 * every instance; in memory they live in this JVM.
 *
 * <p>A user joins a tag's set <em>before</em> its entry is written, so an invalidation of the tag that reads the set
 * either finds the user or comes before the write (whose load it then overtakes). Members are never removed one by
 * one: a user who lost a role stays in the set until the set expires, and an invalidation of that tag drops its entry
 * too, which only costs a reload. Each set expires one cache TTL after its last addition, when every entry it could
 * name has expired.
 */
@ApplicationScoped
public class UserTagIndex {

    /** What a local set becomes when it would outgrow the bound: "every user may carry this tag". */
    private static final Set<String> OVERFLOWED = java.util.Collections.unmodifiableSet(new java.util.HashSet<>());

    private UserCaches caches;
    private Duration ttl;
    private long maxMembers;
    private volatile Cache<String, Set<String>> local;

    /** For CDI. */
    protected UserTagIndex() {
    }

    @Inject
    public UserTagIndex(UserCaches caches, UserCacheConfig config) {
        this.caches = caches;
        this.ttl = config.ttl();
        this.maxMembers = config.maxEntries();
    }

    /**
     * Adds {@code userId} to each tag's set.
     *
     * @throws RuntimeException Redis's exception when the sets could not be written
     */
    public void add(String userId, Collection<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        RedissonClient redis = redisUnlessOpen();
        if (redis == null) {
            for (String tag : tags) {
                local().asMap().compute(tag, (t, ids) -> {
                    if (ids == OVERFLOWED) {
                        return ids;
                    }
                    Set<String> s = ids != null ? ids : ConcurrentHashMap.newKeySet();
                    s.add(userId);
                    // bounded like the caches: past the bound the tag stands for every entry
                    return s.size() > maxMembers ? OVERFLOWED : s; // a compute is a write: expiry starts again
                });
            }
            return;
        }
        RBatch batch = redis.createBatch();
        for (String tag : tags) {
            RSetAsync<String> set = batch.getSet(setName(tag), StringCodec.INSTANCE);
            set.addAsync(userId);
            set.expireAsync(ttl);
        }
        caches.breaker().orElseThrow().run(batch::execute);
    }

    /** The Redis client, unless the caches are in memory or Redis's breaker is open (then the local sets serve). */
    private RedissonClient redisUnlessOpen() {
        RedissonClient redis = caches.redis().orElse(null);
        return redis == null || caches.breaker().orElseThrow().isOpen() ? null : redis;
    }

    /**
     * The ids of the users that carried {@code tag} when they were cached (some may have lost it since); empty when
     * the in-memory set outgrew {@code clerk.cache.max-entries} and any cached user may carry the tag.
     *
     * @throws RuntimeException Redis's exception when the set could not be read
     */
    public Optional<Set<String>> members(String tag) {
        RedissonClient redis = redisUnlessOpen();
        if (redis == null) {
            Set<String> ids = local().getIfPresent(tag);
            return ids == OVERFLOWED ? Optional.empty() : Optional.of(ids == null ? Set.of() : Set.copyOf(ids));
        }
        return Optional.of(caches.breaker().orElseThrow().call(() -> redis.<String>getSet(setName(tag),
                StringCodec.INSTANCE).readAll()));
    }

    private String setName(String tag) {
        return caches.keyPrefix() + "tag:" + tag;
    }

    private Cache<String, Set<String>> local() {
        Cache<String, Set<String>> l = local;
        if (l == null) {
            synchronized (this) {
                l = local;
                if (l == null) {
                    l = Caffeine.newBuilder().expireAfterWrite(ttl.toMillis(), TimeUnit.MILLISECONDS).build();
                    local = l;
                }
            }
        }
        return l;
    }
}
