package io.clerkcache.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SmokeIT {
    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.create(ZipImporter.class, "smoke.war")
                .importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void health_up() throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:9180/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println(base + " " + r.statusCode() + " " + r.body());
        assertEquals(200, r.statusCode());
    }
}
