package io.clerkcache.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.UserDirectory;

/**
 * Who may do what, decided from cached data: the entry point for the HTTP API and for other EE modules
 * ({@code @Inject AccessRules access}).
 *
 * <p>A user's roles are {@code public_metadata.role} (a string or a list, {@link ClerkUser#roles()}) of the user as
 * the {@link UserDirectory} has it: memoized for the request, then the shared cache, so a role check calls Clerk only
 * when the user is in neither. An API key's role is the one configured for it.
 *
 * <p>Default rules (configurable, {@link AccessPolicy}):
 * <ul>
 * <li>a signed-in user reads their own whole document, and other users' public profiles
 * ({@code clerk.auth.users-see-others});</li>
 * <li>users with role {@value #ADMIN} and {@value #ADMIN} API keys read whole documents and may use the cache
 * operations ({@code /api/cache/*}) and, later, the write endpoints;</li>
 * <li>{@value #READER} API keys read public profiles ({@code clerk.auth.reader-keys-see}): a back end that renders
 * names and avatars needs no more, and a leaked reader key then exposes no e-mail address;</li>
 * <li>{@code private_metadata} is served to nobody, unless {@code clerk.auth.serve-private-metadata} is set, and then
 * to admins only (Clerk never shows it to the user themselves either).</li>
 * </ul>
 */
@ApplicationScoped
public class AccessRules {

    /** The role of administrators (users and API keys). */
    public static final String ADMIN = "admin";
    /** The role of read-only API keys. */
    public static final String READER = "reader";

    private UserDirectory directory;
    private CurrentCaller current;
    private AccessPolicy policy;

    /** For the CDI proxy only. */
    protected AccessRules() {
    }

    @Inject
    public AccessRules(UserDirectory directory, CurrentCaller current, AccessPolicy policy) {
        this.directory = directory;
        this.current = current;
        this.policy = policy;
    }

    /**
     * Whether the user with this id holds {@code role} in {@code public_metadata.role}. Unknown users hold no role.
     *
     * @throws io.clerkcache.users.InvalidLookupException if the id is malformed
     * @throws io.clerkcache.clerk.ClerkException if the user is not cached and Clerk fails
     */
    public boolean hasRole(String userId, String role) {
        return directory.byId(userId).map(u -> u.hasRole(role)).orElse(false);
    }

    /** The caller of the current request, if this application's filter authenticated one. */
    public Optional<Caller> currentCaller() {
        return current.get();
    }

    /** Whether {@code caller} holds {@code role}: the user's roles, or the API key's role. */
    public boolean holds(Caller caller, String role) {
        if (caller instanceof Caller.ApiKey key) {
            return key.role().equals(role);
        }
        return hasRole(((Caller.User) caller).userId(), role);
    }

    /** Whether {@code caller} is an administrator (role {@value #ADMIN}). */
    public boolean isAdmin(Caller caller) {
        return holds(caller, ADMIN);
    }

    /**
     * Requires the current caller to hold one of {@code roles} (any authenticated caller when none are given).
     *
     * @throws NotAuthenticatedException if the request was not authenticated
     * @throws AccessDeniedException if the caller holds none of the roles
     */
    public void requireAnyRole(String... roles) {
        Caller caller = current.require();
        if (roles.length == 0) {
            return;
        }
        for (String role : roles) {
            if (holds(caller, role)) {
                return;
            }
        }
        throw new AccessDeniedException("this needs the role " + String.join(" or ", roles));
    }

    /** What {@code caller} may read of the user with id {@code userId}; decided without looking that user up. */
    public UserView viewOf(Caller caller, String userId) {
        if (caller instanceof Caller.User user && user.userId().equals(userId)) {
            return UserView.WHOLE;
        }
        return viewOfOthers(caller);
    }

    /** What {@code caller} may read of users other than itself. */
    public UserView viewOfOthers(Caller caller) {
        if (caller instanceof Caller.ApiKey key) {
            return key.role().equals(ADMIN) ? UserView.WHOLE : policy.readerKeysSee();
        }
        return isAdmin(caller) ? UserView.WHOLE : policy.usersSeeOthers();
    }

    /**
     * The document of {@code user} as {@code caller} may read it: whole (without {@code private_metadata} unless the
     * caller is an admin and it is configured to be served) or the public profile.
     *
     * @throws AccessDeniedException if the caller may read nothing of that user
     */
    public JsonObject render(Caller caller, ClerkUser user) {
        return switch (viewOf(caller, user.id())) {
            case NONE -> throw new AccessDeniedException("you may not read other users");
            case PUBLIC_PROFILE -> UserViews.publicProfile(user, policy.publicProfileFields());
            case WHOLE -> policy.servePrivateMetadata() && isAdmin(caller) ? user.document()
                    : UserViews.withoutPrivateMetadata(user);
        };
    }
}
