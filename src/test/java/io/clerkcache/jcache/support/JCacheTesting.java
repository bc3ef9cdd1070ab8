package io.clerkcache.jcache.support;

import io.clerkcache.jcache.internal.JCacheExtension;
import java.util.Arrays;
import java.util.stream.Stream;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Weld SE containers for the tests: the extension, an in-memory CacheManager and the test's own beans.
 *
 * <p>Plain Weld SE rather than weld-junit5's {@code @EnableWeld}: with JUnit 5.13+ the platform closes the
 * container weld-junit5 already shut down and fails every test; each test starts its own container in
 * {@code @BeforeEach} and closes it in {@code @AfterEach}.
 */
public final class JCacheTesting {

    private JCacheTesting() {
    }

    /** A started container with the JCache extension, a fresh Caffeine CacheManager and {@code beans}. */
    public static WeldContainer caffeine(Class<?>... beans) {
        return weld(Stream.concat(Stream.of(CaffeineCacheManagerProducer.class), Arrays.stream(beans))
                .toArray(Class<?>[]::new)).initialize();
    }

    /**
     * A started container like {@link #caffeine}, with shared invalidation on (the default) or off
     * ({@link LocalInvalidation}), so that a race test runs once against each guard.
     */
    public static WeldContainer caffeine(boolean sharedInvalidation, Class<?>... beans) {
        return sharedInvalidation ? caffeine(beans)
                : caffeine(Stream.concat(Arrays.stream(beans), Stream.of(LocalInvalidation.class))
                        .toArray(Class<?>[]::new));
    }

    /** A Weld with the JCache extension and {@code beans} only (discovery off), not started. */
    public static Weld weld(Class<?>... beans) {
        return new Weld().disableDiscovery().addExtension(new JCacheExtension()).addBeanClasses(beans);
    }
}
