package io.clerkcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.ext.Provider;

import org.junit.jupiter.api.Test;

/**
 * The JAX-RS application lists its classes instead of letting the container discover them: every resource and
 * provider of the WAR must be on the list (a forgotten one would silently not exist), and the simulator's only in
 * demo mode.
 */
class ClerkCacheApplicationTest {

    @Test
    void classes_demoModeOff_everyResourceAndProviderExceptTheSimulators() {
        Set<Class<?>> expected = annotatedClasses().stream()
                .filter(c -> !c.getPackageName().equals("io.clerkcache.simulator"))
                .collect(Collectors.toSet());

        assertEquals(expected, ClerkCacheApplication.classes(false));
    }

    @Test
    void classes_demoModeOn_everyResourceAndProviderIncludingTheSimulators() {
        Set<Class<?>> classes = ClerkCacheApplication.classes(true);

        assertEquals(annotatedClasses(), classes);
        assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("io.clerkcache.simulator")));
    }

    @Test
    void classes_demoModeOff_noSimulatorClassAtAll() {
        assertFalse(ClerkCacheApplication.classes(false).stream()
                .anyMatch(c -> c.getPackageName().startsWith("io.clerkcache.simulator")));
    }

    /** The classes of the application (not the tests) that JAX-RS discovery would have registered. */
    private static Set<Class<?>> annotatedClasses() {
        Path root;
        try {
            root = Path.of(ClerkCacheApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(root)) {
            Set<Class<?>> found = files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .map(ClerkCacheApplicationTest::load)
                    .filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class) || c.isAnnotationPresent(Provider.class))
                    .collect(Collectors.toSet());
            assertFalse(found.isEmpty(), "no classes found under " + root);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ClerkCacheApplicationTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
