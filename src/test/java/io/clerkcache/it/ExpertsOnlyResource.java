package io.clerkcache.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import io.clerkcache.security.AccessRules;
import io.clerkcache.security.RequiresRole;

/**
 * A resource of "another module" deployed with the service in {@link SecurityIT}: it protects itself with
 * {@link RequiresRole} and reads the caller through the JAX-RS {@link SecurityContext} and {@link AccessRules}.
 */
@Path("experts")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
@RequiresRole("expert")
public class ExpertsOnlyResource {

    @Context
    SecurityContext security;

    @Inject
    AccessRules access;

    /** Experts only (class-level requirement): who is asking. */
    @GET
    public String whoAmI() {
        return security.getUserPrincipal().getName() + " " + security.getAuthenticationScheme();
    }

    /** Any authenticated caller (the method's empty requirement replaces the class's): whether it holds a role. */
    @GET
    @Path("in-role")
    @RequiresRole({})
    public String inRole(@QueryParam("role") String role) {
        return security.isUserInRole(role) + " " + access.currentCaller().orElseThrow().getName();
    }
}
