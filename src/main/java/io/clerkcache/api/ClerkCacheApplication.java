package io.clerkcache.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application of clerk-cache. Resources and providers are discovered by the container; the context root
 * comes from the server configuration ({@code /} on Liberty and WildFly).
 */
@ApplicationPath("/")
public class ClerkCacheApplication extends Application {
}
