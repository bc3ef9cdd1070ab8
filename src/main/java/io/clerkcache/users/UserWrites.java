package io.clerkcache.users;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import javax.cache.CacheException;

import io.clerkcache.clerk.ClerkClient;
import io.clerkcache.clerk.ClerkIds;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkRequestRejectedException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.cache.CachedUser;
import io.clerkcache.users.cache.UserFreshness;
import io.clerkcache.users.cache.UserCacheWrites;
import io.clerkcache.users.cache.UserCaches;

/**
 * Changes to users, made in Clerk and then in the cache, for other EE modules ({@code @Inject UserWrites writes}) and
 * the admin HTTP API. Each method calls Clerk first; only Clerk's answer is cached ({@code @CachePut} through
 * {@link UserCacheWrites}; a delete leaves a tombstone through {@code @CacheRemove}), so every instance reads the
 * write at once.
 *
 * <p>Failures: invalid input is refused before any call ({@link InvalidLookupException}); Clerk refusing the write
 * ({@link WriteRejectedException}), its per-user write limit ({@link WriteRateLimitedException}) or an unknown user
 * ({@code ClerkNotFoundException}) leave the cache as it was. When Clerk does not answer, the write may or may not
 * have happened: the cached copy is invalidated, so that the next lookup asks Clerk, and the
 * {@code ClerkUnavailableException} is thrown.
 */
@ApplicationScoped
public class UserWrites {

    /** The metadata objects {@code PATCH /users/{id}/metadata} takes. */
    public static final Set<String> METADATA_FIELDS = Set.of("public_metadata", "private_metadata", "unsafe_metadata");
    /** The profile fields {@link #updateProfile} takes. */
    public static final Set<String> PROFILE_FIELDS = Set.of("first_name", "last_name", "username", "external_id",
            "locale");

    private static final Logger LOG = Logger.getLogger(UserWrites.class.getName());
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:@+-]{1,64}");
    private static final int MAX_ROLES = 32;

    private ClerkClient clerk;
    private UserCacheWrites cacheWrites;
    private UserCaches caches;
    private RequestMemos memos;
    private Clock clock;
    private UserFreshness freshness;

    /** For CDI. */
    protected UserWrites() {
    }

    @Inject
    public UserWrites(ClerkClient clerk, UserCacheWrites cacheWrites, UserCaches caches, RequestMemos memos,
            Clock clock, UserFreshness freshness) {
        this.freshness = freshness;
        this.clerk = clerk;
        this.cacheWrites = cacheWrites;
        this.caches = caches;
        this.memos = memos;
        this.clock = clock;
    }

    /**
     * Deep-merges {@code patch} into the user's metadata, as Clerk's {@code PATCH /users/{id}/metadata} does: objects
     * merge key by key, a {@code null} removes a key, anything else replaces.
     *
     * @param patch an object with any of {@code public_metadata}, {@code private_metadata}, {@code unsafe_metadata},
     *              each an object
     * @return the user as cached now (without the fields {@code clerk.cache.excluded-fields} leaves out)
     */
    public ClerkUser updateMetadata(String id, JsonObject patch) {
        requireValidId(id);
        if (patch == null || patch.isEmpty()) {
            throw new InvalidLookupException("the metadata patch is empty: give any of " + METADATA_FIELDS);
        }
        for (String field : patch.keySet()) {
            if (!METADATA_FIELDS.contains(field)) {
                throw new InvalidLookupException("unknown metadata field " + UserDirectory.describe(field)
                        + ": give any of " + METADATA_FIELDS);
            }
            if (patch.get(field).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidLookupException(field + " must be an object");
            }
        }
        return written(id, () -> clerk.updateMetadata(id, patch));
    }

    /**
     * Sets the user's roles, kept by convention in {@code public_metadata.role}: one role as a string, several as an
     * array, none removes the key. Other public metadata is kept.
     */
    public ClerkUser setRoles(String id, List<String> roles) {
        requireValidId(id);
        if (roles == null || roles.size() > MAX_ROLES) {
            throw new InvalidLookupException("roles must be a list of at most " + MAX_ROLES + " roles");
        }
        JsonValue role;
        if (roles.isEmpty()) {
            role = JsonValue.NULL;
        } else {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (String r : roles) {
                if (r == null || !ROLE.matcher(r).matches()) {
                    throw new InvalidLookupException("not a valid role: " + (r == null ? "null" : UserDirectory.describe(r))
                            + " (1 to 64 letters, digits or _ . : @ + -)");
                }
                array.add(r);
            }
            role = roles.size() == 1 ? Json.createValue(roles.get(0)) : array.build();
        }
        JsonObject patch = Json.createObjectBuilder()
                .add("public_metadata", Json.createObjectBuilder().add("role", role)).build();
        return written(id, () -> clerk.updateMetadata(id, patch));
    }

    /**
     * Changes profile fields ({@link #PROFILE_FIELDS}; each a string, or {@code null} to clear it), as Clerk's
     * {@code PATCH /users/{id}}. A new username moves the username index with it.
     */
    public ClerkUser updateProfile(String id, JsonObject fields) {
        requireValidId(id);
        if (fields == null || fields.isEmpty()) {
            throw new InvalidLookupException("no profile fields given: give any of " + PROFILE_FIELDS);
        }
        for (String field : fields.keySet()) {
            if (!PROFILE_FIELDS.contains(field)) {
                throw new InvalidLookupException("unknown profile field " + UserDirectory.describe(field)
                        + ": give any of " + PROFILE_FIELDS);
            }
            JsonValue value = fields.get(field);
            if (value.getValueType() != JsonValue.ValueType.STRING && value.getValueType() != JsonValue.ValueType.NULL) {
                throw new InvalidLookupException(field + " must be a string or null");
            }
        }
        if (fields.get("username") instanceof jakarta.json.JsonString name && !name.getString().isEmpty()
                && !ClerkIds.isValidUsername(name.getString())) {
            throw new InvalidLookupException("not a valid username");
        }
        return written(id, () -> clerk.updateUser(id, fields));
    }

    /** Deletes the user in Clerk, then leaves its tombstone: lookups answer "not found" without asking Clerk. */
    public void delete(String id) {
        requireValidId(id);
        calling(id, () -> {
            clerk.deleteUser(id);
            return null;
        });
        cached(id, () -> cacheWrites.delete(id));
        forgetInMemo(id);
    }

    /** Calls Clerk, then caches its answer. */
    private ClerkUser written(String id, Supplier<ClerkUser> write) {
        ClerkUser user = calling(id, write);
        // a user written to lives shorter (adaptive TTL), like one changed by a webhook
        CachedUser entry = freshness.changed(caches.projection().apply(user), previousCopy(id));
        cached(id, () -> cacheWrites.store(id, entry));
        forgetInMemo(id);
        return entry.user();
    }

    /** The cached copy of a user, for its TTL; {@code null} when there is none or the cache cannot be read. */
    private CachedUser previousCopy(String id) {
        try {
            return caches.users().getIfPresent(id);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Records a write that Clerk made in the cache. The write happened whatever the cache does: if the cache cannot
     * take it (Redis down), the entry is invalidated where possible, and otherwise left to Clerk's webhook for the
     * change or to the TTL; the caller is not failed.
     */
    private void cached(String id, Runnable record) {
        try {
            record.run();
        } catch (CacheException e) {
            LOG.log(Level.WARNING, "Clerk applied a write of " + id + " but the cache could not record it ("
                    + e.getMessage() + "); Clerk's webhook for the change or the TTL will replace the cached copy");
            try {
                caches.users().invalidate(id);
            } catch (RuntimeException alsoDown) {
                // counted by the cache's error policy
            }
        }
    }

    private <T> T calling(String id, Supplier<T> write) {
        try {
            return write.get();
        } catch (ClerkRateLimitedException e) {
            throw new WriteRateLimitedException(id, e);
        } catch (ClerkRequestRejectedException e) {
            throw new WriteRejectedException(e);
        } catch (ClerkUnavailableException e) {
            // the write may have happened: never serve the copy from before it
            caches.users().invalidate(id);
            forgetInMemo(id);
            throw e;
        }
    }

    private void forgetInMemo(String id) {
        RequestMemo memo = memos.current();
        if (memo != null) {
            memo.forget(id);
        }
    }

    private static void requireValidId(String id) {
        if (id == null || !ClerkIds.isValidUserId(id)) {
            throw new InvalidLookupException("not a valid Clerk user id");
        }
    }
}
