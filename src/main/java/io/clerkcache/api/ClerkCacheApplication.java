package io.clerkcache.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.config.ConfigProvider;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.security.AuthenticationFilter;
import io.clerkcache.security.RequiresRoleFilter;
import io.clerkcache.simulator.SimulatorApiResource;
import io.clerkcache.simulator.SimulatorControlResource;

/**
 * The JAX-RS application of clerk-cache; the context root comes from the server configuration ({@code /} on Liberty
 * and WildFly).
 *
 * <p>Resources and providers are listed here, not discovered: the demo simulator's resources ship in the same WAR and
 * must not exist outside demo mode (not even to read a request body before answering 404). A class annotated with
 * {@code @Path} or {@code @Provider} that is missing from this list is not registered at all; a unit test checks the
 * list against the classes.
 */
@ApplicationPath("/")
public class ClerkCacheApplication extends Application {

    private static final List<Class<?>> SERVICE = List.of(
            UserResource.class,
            CacheResource.class,
            WebhookResource.class,
            StatusResource.class,
            PingResource.class,
            AuthenticationFilter.class,
            RequiresRoleFilter.class,
            UpstreamLookupsHeaderFilter.class,
            NoStoreFilter.class,
            ExceptionMappers.ProblemExceptionMapper.class,
            ExceptionMappers.NotAuthenticatedExceptionMapper.class,
            ExceptionMappers.AccessDeniedExceptionMapper.class,
            ExceptionMappers.InvalidLookupExceptionMapper.class,
            ExceptionMappers.CallerRateLimitedExceptionMapper.class,
            ExceptionMappers.WriteRateLimitedExceptionMapper.class,
            ExceptionMappers.WriteRejectedExceptionMapper.class,
            ExceptionMappers.WebApplicationExceptionMapper.class,
            ExceptionMappers.ClerkExceptionMapper.class,
            ExceptionMappers.CacheExceptionMapper.class,
            ExceptionMappers.UnexpectedExceptionMapper.class);

    private static final List<Class<?>> DEMO_ONLY = List.of(SimulatorApiResource.class, SimulatorControlResource.class);

    @Override
    public Set<Class<?>> getClasses() {
        return classes(ClerkConfig.demoModeSwitch(ConfigProvider.getConfig(ClerkCacheApplication.class.getClassLoader())));
    }

    /** The service's resources and providers, plus the simulator's in demo mode. */
    static Set<Class<?>> classes(boolean demoMode) {
        Set<Class<?>> classes = new LinkedHashSet<>(SERVICE);
        if (demoMode) {
            classes.addAll(DEMO_ONLY);
        }
        return classes;
    }
}
