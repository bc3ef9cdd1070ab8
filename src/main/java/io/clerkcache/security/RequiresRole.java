package io.clerkcache.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Restricts a JAX-RS resource class or method to callers holding at least one of the roles: a signed-in user whose
 * {@code public_metadata.role} names one (read from the cache, see {@link AccessRules#hasRole}), or an API key of that
 * role ({@value AccessRules#ADMIN} or {@value AccessRules#READER}). No admin shortcut: list {@code "admin"} where admins
 * are meant. An empty list admits any authenticated caller. A method's annotation replaces its class's.
 *
 * <p>Enforced by {@link RequiresRoleFilter} (403 problem when the roles do not match, 401 without credentials), which
 * JAX-RS applies to the resources of the application it is registered in: the same WAR's resources are covered by
 * discovery; an application with an explicit {@code getClasses()} registers {@link AuthenticationFilter} and
 * {@link RequiresRoleFilter} itself.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {

    /** The roles admitted (any one of them suffices). */
    String[] value();
}
