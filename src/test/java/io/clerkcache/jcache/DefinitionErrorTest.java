package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clerkcache.jcache.support.CaffeineCacheManagerProducer;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** Misuse is rejected when the container starts, with the offending method named. */
class DefinitionErrorTest {

    @Test
    void deploy_twoCacheAnnotationsOnOneMethod_failsNamingMethod() {
        assertDeploymentFails(TwoAnnotations.class, "TwoAnnotations.both(String)", "more than one cache annotation");
    }

    @Test
    void deploy_cachePutWithoutCacheValue_failsNamingMethod() {
        assertDeploymentFails(PutWithoutValue.class, "PutWithoutValue.save(String)", "exactly one @CacheValue");
    }

    @Test
    void deploy_cachePutWithTwoCacheValues_failsNamingMethod() {
        assertDeploymentFails(PutWithTwoValues.class, "PutWithTwoValues.save(String, String)",
                "exactly one @CacheValue");
    }

    @Test
    void deploy_cacheValueOnCacheResult_failsNamingMethod() {
        assertDeploymentFails(ValueOnResult.class, "ValueOnResult.find(String)", "only allowed on a @CachePut");
    }

    @Test
    void deploy_cacheKeyAndCacheValueOnOneParameter_failsNamingMethod() {
        assertDeploymentFails(KeyAndValue.class, "KeyAndValue.save(String)", "both @CacheKey and @CacheValue");
    }

    @Test
    void deploy_cacheResultOnVoidMethod_failsNamingMethod() {
        assertDeploymentFails(VoidResult.class, "VoidResult.nothing(String)", "void");
    }

    @Test
    void deploy_annotationsWithoutCacheManagerBean_failsAskingForProducer() {
        Throwable failure = assertThrows(RuntimeException.class,
                () -> JCacheTesting.weld(Valid.class).initialize().close());

        assertTrue(messages(failure).contains("no javax.cache.CacheManager bean"), messages(failure));
    }

    @Test
    void deploy_validBeans_starts() {
        try (WeldContainer c = JCacheTesting.weld(CaffeineCacheManagerProducer.class, Valid.class).initialize()) {
            assertTrue(c.isRunning());
        }
    }

    private static void assertDeploymentFails(Class<?> bean, String method, String problem) {
        Throwable failure = assertThrows(RuntimeException.class,
                () -> JCacheTesting.weld(CaffeineCacheManagerProducer.class, bean).initialize().close());
        String messages = messages(failure);
        assertTrue(messages.contains(DefinitionErrorTest.class.getName() + "$" + method), messages);
        assertTrue(messages.contains(problem), messages);
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
            for (Throwable s : c.getSuppressed()) {
                all.append(s).append('\n');
            }
        }
        return all.toString();
    }

    @ApplicationScoped
    static class TwoAnnotations {
        @CacheResult
        @CacheRemove
        String both(String key) {
            return key;
        }
    }

    @ApplicationScoped
    static class PutWithoutValue {
        @CachePut
        void save(String key) {
        }
    }

    @ApplicationScoped
    static class PutWithTwoValues {
        @CachePut
        void save(@CacheValue String a, @CacheValue String b) {
        }
    }

    @ApplicationScoped
    static class ValueOnResult {
        @CacheResult
        String find(@CacheValue String key) {
            return key;
        }
    }

    @ApplicationScoped
    static class KeyAndValue {
        @CachePut
        void save(@CacheKey @CacheValue String key) {
        }
    }

    @ApplicationScoped
    static class VoidResult {
        @CacheResult
        void nothing(String key) {
        }
    }

    @ApplicationScoped
    static class Valid {
        @CacheResult
        String find(String key) {
            return key;
        }
    }
}
