package io.clerkcache.it;

import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The caching contract with no Redis configured: Caffeine's JCache in the server's JVM. */
@ExtendWith(ArquillianExtension.class)
class InMemoryCachingIT extends CachingContract {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-memory", Map.of());
    }

    @Override
    String cacheType() {
        return "in-memory";
    }
}
