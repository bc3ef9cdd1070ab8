package io.clerkcache.it;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import io.clerkcache.api.ExceptionMappers;
import io.clerkcache.security.AuthenticationFilter;
import io.clerkcache.security.RequiresRoleFilter;

/**
 * The JAX-RS application of "another module" in {@link SecurityIT}: its own resources under {@code /it}, protected by
 * the service's authentication filter and {@code @RequiresRole}, registered here as any module would register them.
 */
@ApplicationPath("it")
public class ExpertsModuleApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ExpertsOnlyResource.class, AuthenticationFilter.class, RequiresRoleFilter.class,
                ExceptionMappers.NotAuthenticatedExceptionMapper.class,
                ExceptionMappers.AccessDeniedExceptionMapper.class);
    }
}
