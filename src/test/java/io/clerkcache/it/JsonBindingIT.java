package io.clerkcache.it;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The WAR's JSON binding is JSON-B on both servers: RESTEasy (WildFly) would switch a deployment holding Jackson
 * annotations, as the Redisson jar does, to Jackson (WFLYRS0018), which writes a null component as {@code null} and keeps
 * the declaration order; JSON-B leaves nulls out and sorts the properties. Same bytes on Liberty and WildFly.
 */
@ExtendWith(ArquillianExtension.class)
class JsonBindingIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-jsonb", Map.of()).addClasses(JsonBindingModuleApplication.class,
                JsonBindingModuleApplication.Sample.class, JsonBindingModuleApplication.SampleResource.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void recordResponse_writtenByJsonB_nullsLeftOutPropertiesSorted() {
        HttpResponse<String> r = new Http(base).anonymous().get("jsonb/sample");

        assertEquals(200, r.statusCode(), r::body);
        assertEquals("{\"logins\":3,\"roles\":[\"admin\",\"expert\"],\"username\":\"ada\"}", r.body());
    }
}
