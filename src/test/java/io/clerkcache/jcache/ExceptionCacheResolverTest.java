package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A custom {@link CacheResolverFactory} gets the same method details from {@code getCacheResolver} and
 * {@code getExceptionCacheResolver}, as the JSR-107 reference implementation gives them: the method's cache name,
 * and the annotation, from which a factory reads the exception cache's name.
 */
class ExceptionCacheResolverTest {

    WeldContainer weld;
    Accounts accounts;
    RecordingResolverFactory factory;

    @BeforeEach
    void start() {
        weld = JCacheTesting.caffeine(Accounts.class, RecordingResolverFactory.class);
        accounts = weld.select(Accounts.class).get();
        factory = weld.select(RecordingResolverFactory.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    @Test
    void exceptionCacheResolver_receivesMethodsCacheNameAndAnnotation() {
        assertThrows(IllegalArgumentException.class, () -> accounts.find("a"));

        List<CacheMethodDetails<?>> asked = factory.exceptionResolverDetails();
        assertEquals(1, asked.size(), "asked once, when the method was first called");
        CacheMethodDetails<?> details = asked.get(0);
        assertEquals("accounts", details.getCacheName(), "the method's own cache name, not the exception cache's");
        CacheResult annotation = assertInstanceOf(CacheResult.class, details.getCacheAnnotation());
        assertEquals("account-failures", annotation.exceptionCacheName());
        assertEquals("find", details.getMethod().getName());
        assertTrue(details.getAnnotations().contains(annotation));
        CacheMethodDetails<?> forValues = factory.resolverDetails().get(0);
        assertEquals(forValues.getCacheName(), details.getCacheName());
        assertSame(forValues.getCacheAnnotation(), details.getCacheAnnotation());
    }

    @Test
    void exceptionCache_resolvedByNameFromAnnotation_cachedExceptionRethrownWithoutInvocation() {
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class, () -> accounts.find("a"));
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class, () -> accounts.find("a"));

        assertEquals(1, accounts.calls());
        assertEquals(first.getMessage(), second.getMessage());
        Cache<Object, Object> failures = weld.select(CacheManager.class).get().getCache("account-failures");
        assertInstanceOf(IllegalArgumentException.class, failures.get(new DefaultCacheKey(new Object[] {"a"})));
    }

    /** Resolves caches by name from the application's manager, recording the details it was asked with. */
    @ApplicationScoped
    static class RecordingResolverFactory implements CacheResolverFactory {
        private final List<CacheMethodDetails<?>> resolverDetails = new CopyOnWriteArrayList<>();
        private final List<CacheMethodDetails<?>> exceptionResolverDetails = new CopyOnWriteArrayList<>();

        @Inject
        CacheManager cacheManager;

        List<CacheMethodDetails<?>> resolverDetails() {
            return List.copyOf(resolverDetails);
        }

        List<CacheMethodDetails<?>> exceptionResolverDetails() {
            return List.copyOf(exceptionResolverDetails);
        }

        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            resolverDetails.add(details);
            return byName(details.getCacheName());
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            exceptionResolverDetails.add(details);
            return byName(details.getCacheAnnotation().exceptionCacheName());
        }

        private CacheResolver byName(String name) {
            return new CacheResolver() {
                @Override
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    Cache<K, V> cache = cacheManager.getCache(name);
                    return cache != null ? cache : cacheManager.createCache(name, new MutableConfiguration<>());
                }
            };
        }
    }

    @ApplicationScoped
    static class Accounts {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "accounts", exceptionCacheName = "account-failures",
                cacheResolverFactory = RecordingResolverFactory.class)
        String find(String id) {
            calls.incrementAndGet();
            throw new IllegalArgumentException("no account " + id);
        }
    }
}
