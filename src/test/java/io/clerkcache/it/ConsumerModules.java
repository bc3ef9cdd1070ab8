package io.clerkcache.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces of the consumer-module tests (docs/library.md): the library jars as this build made them, the
 * dependencies a consumer's POM brings with them, the Clerk stand-in, and the settings an operator gives the consumer
 * in the server's configuration.
 */
final class ConsumerModules {

    /** The clerk-cache WAR whose simulator plays Clerk for the consumers. */
    static final String CLERK = "it-lib-clerk";
    static final String REDIS = "redis://127.0.0.1:6379";

    private static final String CAFFEINE_PROVIDER_JARS = "^(jcache|caffeine|config|jspecify|error_prone_annotations)-.*";

    private ConsumerModules() {
    }

    /** Clerk's stand-in: its own settings outrank the server's (700 over 500), and it sets no secret key. */
    static WebArchive clerkStandIn() {
        return Deployments.war(CLERK, Map.of("config_ordinal", "700", "clerk.secret-key", ""));
    }

    /** What an operator sets in the server's configuration for a consumer of the user directory jar. */
    static Map<String, String> directorySettings(String keyPrefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("clerk.secret-key", Simulator.KEY);
        settings.put("clerk.api-url", "http://127.0.0.1:" + Deployments.PORT + "/" + CLERK + "/simulator/v1");
        settings.put("redis.url", REDIS);
        settings.put("clerk.cache.key-prefix", keyPrefix);
        // a fresh deployment's first lookup also connects to Redis and to Clerk: more than the default 2 s here
        settings.put("clerk.lookup-deadline", "15s");
        return settings;
    }

    /**
     * The class path of a module using the user directory: the two jars this build made (target/clerk-cache-users.jar,
     * target/clerk-cache-jcache.jar) and the WAR's {@code WEB-INF/lib}, which Maven resolved from the POM the classifier
     * jars share: the compile and runtime dependencies a consumer declaring the two jars receives.
     */
    static List<File> directoryJars() {
        List<File> jars = new ArrayList<>(List.of(built("users"), built("jcache")));
        jars.addAll(dependencies(name -> true));
        return jars;
    }

    /** The class path of a module using the JCache jar alone: it, the JCache API, and Caffeine as its provider. */
    static List<File> jcacheOnlyJars() {
        List<File> jars = new ArrayList<>(List.of(built("jcache")));
        jars.addAll(dependencies(name -> name.startsWith("cache-api-") || name.matches(CAFFEINE_PROVIDER_JARS)));
        return jars;
    }

    /** A consumer WAR of {@code packageOf}'s package, an annotated bean archive, with the given web.xml (or none). */
    static WebArchive war(String name, Class<?> packageOf, String webXml) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war").addPackage(packageOf.getPackage())
                .addAsWebInfResource(new StringAsset("""
                        <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" \
                        bean-discovery-mode="annotated"/>
                        """), "beans.xml");
        return webXml == null ? war : war.setWebXML(new StringAsset(webXml));
    }

    private static File built(String classifier) {
        File jar = target().resolve(warBaseName() + "-" + classifier + ".jar").toFile();
        assertTrue(jar.isFile(), jar + " is missing: the package phase makes it");
        return jar;
    }

    private static List<File> dependencies(Predicate<String> name) {
        Path lib = target().resolve(warBaseName()).resolve("WEB-INF/lib");
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.toString().endsWith(".jar") && name.test(p.getFileName().toString())).sorted()
                    .map(Path::toFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path target() {
        return warFile().getParent();
    }

    private static String warBaseName() {
        return warFile().getFileName().toString().replaceAll("\\.war$", "");
    }

    private static Path warFile() {
        String war = System.getProperty("it.war");
        if (war == null) {
            throw new IllegalStateException("system property it.war (the built WAR) is not set: run through failsafe");
        }
        return Path.of(war);
    }
}
