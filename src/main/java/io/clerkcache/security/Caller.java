package io.clerkcache.security;

import java.security.Principal;
import java.util.Objects;

/**
 * Who sent a request, as the {@link AuthenticationFilter} established it: a signed-in Clerk user (a verified session
 * token) or a back end holding an API key. Also the request's {@link Principal}
 * ({@code SecurityContext.getUserPrincipal()}).
 */
public sealed interface Caller extends Principal permits Caller.User, Caller.ApiKey {

    /**
     * A Clerk user with a verified session token.
     *
     * @param userId    the token's {@code sub}, a Clerk user id
     * @param sessionId the token's {@code sid} (Clerk's session id), or {@code null}
     */
    record User(String userId, String sessionId) implements Caller {
        public User {
            Objects.requireNonNull(userId, "userId");
        }

        /** The user id. */
        @Override
        public String getName() {
            return userId;
        }
    }

    /**
     * A back end that sent one of the configured API keys ({@code clerk.auth.api-keys}).
     *
     * @param name the key's configured name (never the key)
     * @param role the key's role, {@value AccessRules#ADMIN} or {@value AccessRules#READER}
     */
    record ApiKey(String name, String role) implements Caller {
        public ApiKey {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }

        /** {@code api-key:<name>}. */
        @Override
        public String getName() {
            return "api-key:" + name;
        }
    }
}
