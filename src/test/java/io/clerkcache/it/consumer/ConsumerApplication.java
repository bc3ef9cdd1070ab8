package io.clerkcache.it.consumer;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The consumer module's own JAX-RS application (its resources only: clerk-cache's are not in the library jars). */
@ApplicationPath("api")
public class ConsumerApplication extends Application {
}
