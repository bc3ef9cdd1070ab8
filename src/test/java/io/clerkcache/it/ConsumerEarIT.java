package io.clerkcache.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.it.consumer.ConsumerApplication;

/**
 * Another team's EE application using clerk-cache as a library: an EAR whose {@code lib/} holds the two library jars
 * and their dependencies, and a consumer WAR of its own with no configuration file. Servlet annotations in an EAR's
 * {@code lib/} are not scanned, so the WAR's {@code web.xml} declares the memo's request listener (without it the
 * memo test fails: each lookup asks the cache).
 */
@ExtendWith(ArquillianExtension.class)
class ConsumerEarIT extends ConsumerDirectoryContract {

    private static final String CONTEXT = "consumer-ear";

    @Deployment(name = "clerk", order = 1, testable = false)
    static WebArchive clerk() {
        return ConsumerModules.clerkStandIn();
    }

    @Deployment(name = "consumer", order = 2, testable = false)
    static EnterpriseArchive consumer() {
        configureServer(CONTEXT);
        WebArchive war = ConsumerModules.war(CONTEXT, ConsumerApplication.class, """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                    <listener>
                        <listener-class>io.clerkcache.users.HttpRequestOriginListener</listener-class>
                    </listener>
                </web-app>
                """);
        EnterpriseArchive ear = ShrinkWrap.create(EnterpriseArchive.class, CONTEXT + "-app.ear").addAsModule(war)
                .setApplicationXML(new StringAsset("""
                        <application xmlns="https://jakarta.ee/xml/ns/jakartaee" version="10">
                            <module>
                                <web>
                                    <web-uri>%s.war</web-uri>
                                    <context-root>/%s</context-root>
                                </web>
                            </module>
                        </application>
                        """.formatted(CONTEXT, CONTEXT)));
        ConsumerModules.directoryJars().forEach(ear::addAsLibrary);
        return ear;
    }

    @Override
    String contextRoot() {
        return CONTEXT;
    }
}
