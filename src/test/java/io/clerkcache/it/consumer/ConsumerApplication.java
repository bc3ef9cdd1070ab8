package io.clerkcache.it.consumer;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The consumer module's own JAX-RS application. It lists its classes: with the library jars in {@code WEB-INF/lib} a
 * scanning application would also pick up clerk-cache's {@code @Provider} authentication filter, and every request
 * of the module would then need a clerk-cache credential.
 */
@ApplicationPath("api")
public class ConsumerApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(PeopleResource.class, QuoteResource.class);
    }
}
