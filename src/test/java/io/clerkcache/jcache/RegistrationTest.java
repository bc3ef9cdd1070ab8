package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.internal.DefaultCacheLoading;
import io.clerkcache.jcache.internal.JCacheExtension;
import io.clerkcache.jcache.internal.OperationRegistry;
import io.clerkcache.jcache.support.CaffeineCacheManagerProducer;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InterceptionType;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The interceptors and library beans are registered exactly once, whether the library's classes are also found by
 * bean discovery (the package in WEB-INF/classes of an annotated-discovery WAR, or a library jar with beans.xml) or
 * only the extension knows them (a jar without beans.xml).
 */
class RegistrationTest {

    @Test
    void serviceFile_listsTheExtension() {
        assertTrue(ServiceLoader.load(Extension.class).stream()
                .anyMatch(p -> p.type() == JCacheExtension.class));
    }

    @Test
    void libraryClassesAlsoDiscovered_registeredOnceAndIntercepting() {
        try (WeldContainer c = JCacheTesting.weld(CaffeineCacheManagerProducer.class, Service.class)
                .addPackages(false, CacheStatistics.class, JCacheExtension.class).initialize()) {
            assertRegisteredOnceAndWorking(c);
        }
    }

    @Test
    void libraryClassesOnlyKnownToExtension_registeredOnceAndIntercepting() {
        try (WeldContainer c = JCacheTesting.weld(CaffeineCacheManagerProducer.class, Service.class).initialize()) {
            assertRegisteredOnceAndWorking(c);
        }
    }

    @Test
    void passivatingScopeBean_withCacheAnnotations_deploys() {
        // interceptors of a session-scoped bean must be passivation capable, with only serializable dependencies
        try (WeldContainer c = JCacheTesting.weld(CaffeineCacheManagerProducer.class, SessionCart.class).initialize()) {
            assertTrue(c.isRunning());
        }
    }

    private static void assertRegisteredOnceAndWorking(WeldContainer c) {
        BeanManager bm = c.getBeanManager();
        assertEquals(1, bm.getBeans(CacheStatistics.class).size());
        assertEquals(1, bm.getBeans(CacheLoading.class).size());
        assertEquals(1, bm.getBeans(DefaultCacheLoading.class).size());
        assertEquals(1, bm.getBeans(OperationRegistry.class).size());
        assertEquals(1, bm.resolveInterceptors(InterceptionType.AROUND_INVOKE, CacheResultLiteral.INSTANCE).size());
        Service service = c.select(Service.class).get();
        service.find("k");
        service.find("k");
        assertEquals(1, service.calls());
    }

    /** A @CacheResult with members set: proves they are non-binding for the container. */
    @CacheResult(cacheName = "any-name", skipGet = true)
    private static final class CacheResultLiteral {
        static final CacheResult INSTANCE = CacheResultLiteral.class.getAnnotation(CacheResult.class);
    }

    @SessionScoped
    static class SessionCart implements Serializable {
        private static final long serialVersionUID = 1L;

        @CacheResult(cacheName = "carts")
        String find(String key) {
            return key;
        }
    }

    @ApplicationScoped
    static class Service {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "registration")
        String find(String key) {
            calls.incrementAndGet();
            return key;
        }
    }
}
