package io.clerkcache.security;

import java.lang.reflect.Method;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** Enforces {@link RequiresRole} on the resource methods it is bound to, after authentication. */
@Provider
@RequiresRole({})
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class RequiresRoleFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    AccessRules access;

    @Override
    public void filter(ContainerRequestContext request) {
        RequiresRole required = requirement(resource.getResourceClass(), resource.getResourceMethod());
        if (required == null) {
            // Bound, so the runtime saw the annotation somewhere this lookup does not: fail closed.
            throw new AccessDeniedException("this resource's role requirement could not be read");
        }
        access.requireAnyRole(required.value());
    }

    /** The method's annotation, else the class's (searching superclasses: the class may be a container subclass). */
    static RequiresRole requirement(Class<?> resourceClass, Method method) {
        RequiresRole required = method == null ? null : method.getAnnotation(RequiresRole.class);
        for (Class<?> c = resourceClass; required == null && c != null && c != Object.class; c = c.getSuperclass()) {
            required = c.getAnnotation(RequiresRole.class);
        }
        return required;
    }
}
