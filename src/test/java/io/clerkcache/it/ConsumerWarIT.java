package io.clerkcache.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.it.consumer.ConsumerApplication;

/**
 * The same consumer as {@link ConsumerEarIT} as a plain WAR with the library jars and their dependencies in
 * {@code WEB-INF/lib}: no {@code web.xml}, since the request listener's annotation is scanned there.
 */
@ExtendWith(ArquillianExtension.class)
class ConsumerWarIT extends ConsumerDirectoryContract {

    private static final String CONTEXT = "consumer-war";

    @Deployment(name = "clerk", order = 1, testable = false)
    static WebArchive clerk() {
        return ConsumerModules.clerkStandIn();
    }

    @Deployment(name = "consumer", order = 2, testable = false)
    static WebArchive consumer() {
        configureServer(CONTEXT);
        return ConsumerModules.war(CONTEXT, ConsumerApplication.class, null)
                .addAsLibraries(ConsumerModules.directoryJars().toArray(java.io.File[]::new));
    }

    @Override
    String contextRoot() {
        return CONTEXT;
    }
}
