package io.clerkcache.library;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library jars hold what they need and nothing of the web application: the build copies each jar's classes to
 * {@code target/lib/<name>} before the tests (pom.xml, {@code lib-*-classes}), and this test reads those directories
 * with jdeps, so a class that starts referring to one left out of a jar (a resource, the simulator, the operations
 * package) fails the build here instead of failing a consumer's deployment with {@code NoClassDefFoundError}.
 */
class LibraryJarContentsTest {

    private static final Path LIB = Path.of(System.getProperty("lib.dir", "target/lib"));
    private static final Path JCACHE = LIB.resolve("jcache");
    private static final Path USERS = LIB.resolve("users");

    /** What the JCache jar may refer to outside itself: the JDK, CDI (with its annotations) and the JCache API. */
    private static final List<String> JCACHE_MAY_USE = List.of("javax.cache.", "jakarta.enterprise.",
            "jakarta.inject.", "jakarta.interceptor.", "jakarta.annotation.");

    /**
     * What the user directory jar may refer to outside itself and the JCache jar: the JDK, the Jakarta EE and
     * MicroProfile APIs of the server, and the dependencies the consumer's POM brings (docs/library.md).
     */
    /** {@code io.micrometer.}: only where the server gives deployments Micrometer (WildFly; see ServerMeters). */
    private static final List<String> USERS_MAY_USE = List.of("javax.cache.", "jakarta.",
            "org.eclipse.microprofile.", "org.redisson.", "io.netty.", "com.github.benmanes.caffeine.", "com.nimbusds.",
            "io.micrometer.");

    @Test
    void jcacheJar_refersOnlyToItselfCdiAndTheJCacheApi() {
        List<Reference> refs = references(JCACHE);
        assertFalse(refs.isEmpty(), "jdeps found no classes in " + JCACHE);
        assertEquals(Set.of(), outside(refs, JCACHE_MAY_USE),
                "the JCache jar refers to classes it neither holds nor may depend on");
    }

    @Test
    void usersJar_refersToNoClerkCacheClassLeftOutOfTheJars() {
        List<Reference> refs = references(USERS, JCACHE);
        assertEquals(Set.of(), outside(refs, USERS_MAY_USE),
                "the user directory jar refers to classes of neither library jar, nor of an allowed dependency");
    }

    @Test
    void usersJar_holdsTheDirectoryAndNoResourceOrSimulator() throws Exception {
        Set<String> classes = classNames(USERS);
        assertTrue(classes.contains("io.clerkcache.users.UserDirectory"), "UserDirectory is missing");
        assertTrue(classes.contains("io.clerkcache.security.AccessRules"), "the authorization bean is missing");
        assertTrue(classes.contains("io.clerkcache.users.HttpRequestOriginListener"), "the memo's listener is missing");
        Set<String> unwanted = new TreeSet<>();
        for (String name : classes) {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            if (name.startsWith("io.clerkcache.simulator.") || name.startsWith("io.clerkcache.api.")
                    || c.isAnnotationPresent(jakarta.ws.rs.Path.class)
                    || c.isAnnotationPresent(jakarta.ws.rs.ApplicationPath.class)) {
                unwanted.add(name);
            }
        }
        assertEquals(Set.of(), unwanted, "JAX-RS resources, applications or the simulator in the user directory jar");
    }

    @Test
    void eachJar_registersOnlyExtensionsAndConvertersItHolds() throws IOException {
        for (Path jar : List.of(JCACHE, USERS)) {
            Set<String> classes = classNames(jar);
            Path services = jar.resolve("META-INF/services");
            try (Stream<Path> files = Files.list(services)) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file)) {
                        String name = line.strip();
                        if (!name.isEmpty() && !name.startsWith("#")) {
                            assertTrue(classes.contains(name), jar + " registers " + name + " in " + file.getFileName()
                                    + " but does not hold it");
                        }
                    }
                }
            }
        }
    }

    /** References to clerk-cache classes not analysed, or to other classes neither in the JDK nor {@code allowed}. */
    private static Set<String> outside(List<Reference> refs, List<String> allowed) {
        Set<String> bad = new TreeSet<>();
        for (Reference r : refs) {
            boolean clerkCache = r.target().startsWith("io.clerkcache.");
            // found: among the analysed classes, or in the JDK (jdeps names its module)
            boolean ok = r.found() || !clerkCache && allowed.stream().anyMatch(r.target()::startsWith);
            if (!ok) {
                bad.add(r.source() + " -> " + r.target());
            }
        }
        return bad;
    }

    /** Every class-level reference jdeps sees from the classes in {@code dirs} (the first one's classes only). */
    private static List<Reference> references(Path... dirs) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "jdeps is not in this JDK"));
        List<String> args = new ArrayList<>(List.of("-verbose:class", "--multi-release", "17"));
        for (Path d : dirs) {
            assertTrue(Files.isDirectory(d), d + " is missing: the build's lib-*-classes executions make it");
            args.add(d.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, rc, err::toString);
        Set<String> first;
        try {
            first = classNames(dirs[0]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Pattern line = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.*)$");
        List<Reference> refs = new ArrayList<>();
        for (String l : out.toString().split("\\R")) {
            Matcher m = line.matcher(l);
            if (m.matches() && first.contains(m.group(1))) {
                refs.add(new Reference(m.group(1), m.group(2), !m.group(3).strip().equals("not found")));
            }
        }
        return refs;
    }

    private static Set<String> classNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            Set<String> names = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> names.add(
                    dir.relativize(f).toString().replace('/', '.').replace('\\', '.').replaceAll("\\.class$", "")));
            return names;
        }
    }

    private record Reference(String source, String target, boolean found) {
    }
}
