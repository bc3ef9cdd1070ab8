package io.clerkcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clerkcache.jcache.internal.DefaultCacheKey;
import io.clerkcache.jcache.support.JCacheTesting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheResultTest {

    WeldContainer weld;
    Books books;
    CacheManager cacheManager;

    @BeforeEach
    void start() {
        weld = JCacheTesting.caffeine(Books.class, BaseCatalog.class, Catalog.class, Defaults.class,
                ClassLevel.class, Failing.class, LowerCaseKeys.class, CustomKeys.class, PrefixResolverFactory.class,
                CustomResolution.class);
        books = weld.select(Books.class).get();
        cacheManager = weld.select(CacheManager.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    @Test
    void result_secondCallSameKey_servedFromCacheWithoutInvocation() {
        assertEquals("book 1", books.find("1"));
        assertEquals("book 1", books.find("1"));

        assertEquals(1, books.calls());
    }

    @Test
    void result_differentKeys_invokedOncePerKey() {
        books.find("1");
        books.find("2");
        books.find("1");

        assertEquals(2, books.calls());
    }

    @Test
    void result_nullResult_notCachedAndInvokedAgain() {
        assertNull(books.find("missing"));
        assertNull(books.find("missing"));

        assertEquals(2, books.calls());
    }

    @Test
    void result_noCacheName_cacheNamedAfterDeclaringClassMethodAndParameterTypes() {
        books.byAuthorAndYear("ann", 1999);

        String expected = Books.class.getName() + ".byAuthorAndYear(java.lang.String,int)";
        Cache<Object, Object> cache = cacheManager.getCache(expected);
        assertNotNull(cache, "cache created on demand under the spec's default name");
        assertEquals("ann 1999", cache.get(new DefaultCacheKey(new Object[] {"ann", 1999})));
    }

    @Test
    void result_inheritedMethod_defaultNameUsesDeclaringClassNotBeanOrProxyClass() {
        catalog().title(7);

        assertNotNull(cacheManager.getCache(BaseCatalog.class.getName() + ".title(int)"));
    }

    @Test
    void result_cacheKeyOnOneOfThreeParameters_sameKeyAsOneParameterMethod() {
        assertEquals("book 9", books.findWithNoise("x", "9", 42));

        assertEquals("book 9", books.find("9"), "served from the entry the three-argument method stored");
        assertEquals(1, books.calls());
    }

    @Test
    void result_cacheDefaultsOnClass_cacheNameFromClass() {
        weld.select(Defaults.class).get().value("k");

        assertNotNull(cacheManager.getCache("defaults-cache").get(new DefaultCacheKey(new Object[] {"k"})));
    }

    @Test
    void result_annotationOnClass_appliesToEveryMethod() {
        ClassLevel bean = weld.select(ClassLevel.class).get();
        bean.a("k1");
        bean.a("k1");
        bean.b("k2");
        bean.b("k2");

        assertEquals(2, bean.calls(), "each method ran once");
        assertEquals("b k2", cacheManager.getCache("class-level").get(new DefaultCacheKey(new Object[] {"k2"})));
    }

    @Test
    void classLevelResult_methodWithOwnCacheRemove_methodAnnotationWins() {
        ClassLevel bean = weld.select(ClassLevel.class).get();
        bean.a("k1");

        bean.forget("k1");
        bean.a("k1");

        assertEquals(2, bean.calls(), "forget evicted instead of being cached");
    }

    @Test
    void result_skipGet_invokedEveryTimeAndCacheUpdated() {
        books.refresh("1");
        books.refresh("1");

        assertEquals(2, books.calls());
        assertEquals("book 1", books.find("1"), "the skipGet method stored into the shared cache");
        assertEquals(2, books.calls());
    }

    @Test
    void result_exceptionCacheName_cachedExceptionRethrownWithoutInvocation() {
        Failing failing = weld.select(Failing.class).get();
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                () -> failing.load("k", new IllegalArgumentException("bad")));
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                () -> failing.load("k", null));

        assertEquals(1, failing.calls());
        assertEquals(first.getMessage(), second.getMessage());
    }

    @Test
    void result_nonCachedExceptionSubclass_notCachedAndInvokedAgain() {
        Failing failing = weld.select(Failing.class).get();
        assertThrows(Unavailable.class, () -> failing.load("k", new Unavailable()));
        assertEquals("value k", failing.load("k", null));

        assertEquals(2, failing.calls());
    }

    @Test
    void result_exceptionNotInCachedExceptions_notCached() {
        Failing failing = weld.select(Failing.class).get();
        assertThrows(UnsupportedOperationException.class,
                () -> failing.narrow("k", new UnsupportedOperationException()));
        assertEquals("value k", failing.narrow("k", null));

        assertEquals(2, failing.calls());
    }

    @Test
    void result_customKeyGeneratorBean_usedForKeys() {
        CustomKeys bean = weld.select(CustomKeys.class).get();
        bean.withBean("ABC");
        bean.withBean("abc");

        assertEquals(1, bean.calls(), "the CDI bean generator lower-cased both keys to one");
        assertEquals(2, weld.select(LowerCaseKeys.class).get().generated(), "the CDI bean instance was used");
    }

    @Test
    void result_customKeyGeneratorNotABean_instantiated() {
        CustomKeys bean = weld.select(CustomKeys.class).get();
        bean.withoutBean("a", 1);
        bean.withoutBean("b", 1);

        assertEquals(1, bean.calls(), "FirstParameterIgnored made both keys equal");
    }

    @Test
    void result_customResolverFactoryBean_resolvesItsOwnCache() {
        weld.select(CustomResolution.class).get().value("k");

        Cache<Object, Object> cache = cacheManager.getCache("prefixed-custom");
        assertNotNull(cache);
        assertEquals("value k", cache.get(new DefaultCacheKey(new Object[] {"k"})));
        assertNull(cacheManager.getCache("custom"));
    }

    @Test
    void result_hit_returnsCopyEqualToOriginal() {
        String first = books.find("1");
        String second = books.find("1");

        assertEquals(first, second);
        assertSame(1, books.calls());
    }

    private BaseCatalog catalog() {
        return weld.select(Catalog.class).get();
    }

    @ApplicationScoped
    static class Books {
        final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "books")
        String find(String id) {
            calls.incrementAndGet();
            return id.equals("missing") ? null : "book " + id;
        }

        @CacheResult(cacheName = "books")
        String findWithNoise(String noise, @CacheKey String id, int moreNoise) {
            calls.incrementAndGet();
            return "book " + id;
        }

        @CacheResult(cacheName = "books", skipGet = true)
        String refresh(String id) {
            calls.incrementAndGet();
            return "book " + id;
        }

        @CacheResult
        String byAuthorAndYear(String author, int year) {
            calls.incrementAndGet();
            return author + " " + year;
        }
    }

    static class BaseCatalog {
        @CacheResult
        String title(int id) {
            return "title " + id;
        }
    }

    @ApplicationScoped
    static class Catalog extends BaseCatalog {
    }

    @ApplicationScoped
    @CacheDefaults(cacheName = "defaults-cache")
    static class Defaults {
        @CacheResult
        String value(String key) {
            return "value " + key;
        }
    }

    @ApplicationScoped
    @CacheResult(cacheName = "class-level")
    static class ClassLevel {
        final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        String a(String key) {
            calls.incrementAndGet();
            return "a " + key;
        }

        String b(String key) {
            calls.incrementAndGet();
            return "b " + key;
        }

        @CacheRemove(cacheName = "class-level")
        void forget(String key) {
        }
    }

    static class Unavailable extends IllegalStateException {
    }

    @ApplicationScoped
    static class Failing {
        final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "failing", exceptionCacheName = "failing-exceptions",
                nonCachedExceptions = IllegalStateException.class)
        String load(@CacheKey String key, RuntimeException failure) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return "value " + key;
        }

        @CacheResult(cacheName = "narrow", exceptionCacheName = "narrow-exceptions",
                cachedExceptions = IllegalArgumentException.class)
        String narrow(@CacheKey String key, RuntimeException failure) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return "value " + key;
        }
    }

    @ApplicationScoped
    static class LowerCaseKeys implements CacheKeyGenerator {
        final AtomicInteger generated = new AtomicInteger();

        int generated() {
            return generated.get();
        }

        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            generated.incrementAndGet();
            String value = (String) context.getKeyParameters()[0].getValue();
            return new DefaultCacheKey(new Object[] {value.toLowerCase(Locale.ROOT)});
        }
    }

    /** Not a bean: instantiated by the library. */
    public static class FirstParameterIgnored implements CacheKeyGenerator {
        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            return new DefaultCacheKey(new Object[] {context.getKeyParameters()[1].getValue()});
        }
    }

    @ApplicationScoped
    static class CustomKeys {
        final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @CacheResult(cacheName = "custom-keys", cacheKeyGenerator = LowerCaseKeys.class)
        String withBean(String key) {
            calls.incrementAndGet();
            return key;
        }

        @CacheResult(cacheName = "custom-keys-2", cacheKeyGenerator = FirstParameterIgnored.class)
        String withoutBean(String ignored, int key) {
            calls.incrementAndGet();
            return ignored;
        }
    }

    @ApplicationScoped
    static class PrefixResolverFactory implements CacheResolverFactory {
        @Inject
        CacheManager cacheManager;

        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            String name = "prefixed-" + details.getCacheName();
            return new CacheResolver() {
                @Override
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    Cache<K, V> cache = cacheManager.getCache(name);
                    return cache != null ? cache
                            : cacheManager.createCache(name, new javax.cache.configuration.MutableConfiguration<>());
                }
            };
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            throw new UnsupportedOperationException();
        }
    }

    @ApplicationScoped
    @CacheDefaults(cacheResolverFactory = PrefixResolverFactory.class)
    static class CustomResolution {
        @CacheResult(cacheName = "custom")
        String value(String key) {
            return "value " + key;
        }
    }
}
