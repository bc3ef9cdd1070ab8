package io.clerkcache.it;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.it.consumer.jcacheonly.GreetingResource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A module that takes only the JCache jar (no Clerk, no MicroProfile): the jar, the JCache API and Caffeine in
 * {@code WEB-INF/lib}, and the module's own {@code CacheManager} producer
 * ({@link io.clerkcache.it.consumer.jcacheonly.ModuleCacheManager}); its annotated bean is intercepted.
 */
@ExtendWith(ArquillianExtension.class)
class JCacheOnlyModuleIT {

    private static final String CONTEXT = "jcache-module";

    private Http module;

    @Deployment(testable = false)
    static WebArchive module() {
        return ConsumerModules.war(CONTEXT, GreetingResource.class, null)
                .addAsLibraries(ConsumerModules.jcacheOnlyJars().toArray(File[]::new));
    }

    @BeforeEach
    void connect() throws MalformedURLException {
        module = new Http(new URL("http://127.0.0.1:" + Deployments.PORT + "/" + CONTEXT + "/api/"));
    }

    @Test
    void annotatedBean_isIntercepted_andItsRemoveTakesEffect() {
        String name = "n-" + UUID.randomUUID();

        HttpResponse<String> first = module.get("greetings/" + name);
        assertEquals(200, first.statusCode(), first::body);
        int computed = Http.object(first).getInt("computed");

        assertEquals(Http.object(first).getString("greeting"),
                Http.object(module.get("greetings/" + name)).getString("greeting"));
        assertEquals(computed, Http.object(module.get("greetings/" + name)).getInt("computed"),
                "a cached greeting must not be computed again");

        assertEquals(204, module.delete("greetings/" + name).statusCode());
        assertEquals(computed + 1, Http.object(module.get("greetings/" + name)).getInt("computed"),
                "after @CacheRemove the greeting is computed again");
    }
}
