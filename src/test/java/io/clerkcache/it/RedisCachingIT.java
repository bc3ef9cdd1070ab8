package io.clerkcache.it;

import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The caching contract with the caches in the real Redis at 127.0.0.1:6379. */
@ExtendWith(ArquillianExtension.class)
class RedisCachingIT extends CachingContract {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-redis", Map.of("redis.url", "redis://127.0.0.1:6379"));
    }

    @Override
    String cacheType() {
        return "redis";
    }
}
