package io.clerkcache.users.cache;

import java.util.Set;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import io.clerkcache.clerk.ClerkUser;

/**
 * Selective field caching: the top-level fields of Clerk's user document that this service neither stores nor
 * returns ({@code clerk.cache.excluded-fields}, by default {@link UserCacheConfig#DEFAULT_EXCLUDED_FIELDS}). Applied
 * to every user as it arrives from Clerk, before it is cached, so a field left out is in no Redis entry and no
 * response.
 */
public final class UserProjection {

    private static final JsonProvider JSON = JsonProvider.provider();

    /** Fields without which a document is not a Clerk user to this service. */
    static final Set<String> REQUIRED = Set.of("id", "object");

    private final Set<String> excluded;

    /**
     * A projection leaving out {@code excluded}.
     *
     * @throws IllegalArgumentException if it would leave out {@code id} or {@code object}
     */
    public UserProjection(Set<String> excluded) {
        for (String field : excluded) {
            if (REQUIRED.contains(field)) {
                throw new IllegalArgumentException("clerk.cache.excluded-fields cannot exclude '" + field + "'");
            }
        }
        this.excluded = Set.copyOf(excluded);
    }

    /** The fields left out. */
    public Set<String> excluded() {
        return excluded;
    }

    /** {@code user} without the excluded fields (the same object when it has none of them). */
    public ClerkUser apply(ClerkUser user) {
        JsonObject document = user.document();
        boolean any = false;
        for (String field : excluded) {
            any |= document.containsKey(field);
        }
        if (!any) {
            return user;
        }
        JsonObjectBuilder b = JSON.createObjectBuilder(document);
        excluded.forEach(b::remove);
        return ClerkUser.of(b.build());
    }
}
