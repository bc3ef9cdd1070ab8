package io.clerkcache.jcache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import domain.Blog;
import java.util.ServiceLoader;
import javax.cache.annotation.BeanProvider;
import manager.BlogManager;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.weld.proxy.WeldConstruct;
import org.jsr107.tck.annotation.InterceptionCacheNameOnEachMethodTest;
import org.jsr107.tck.annotation.InterceptionUsingCacheConfigTest;
import org.jsr107.tck.annotation.InterceptionUsingDefaultCacheNameTest;
import org.junit.jupiter.api.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;

/**
 * Proves the TCK annotation tests really test something: if no {@link BeanProvider} loads, or the beans it returns
 * are not intercepted, every TCK test logs "EXCLUDING TEST" or passes vacuously. Runs in the same surefire execution
 * (and JVM) as the TCK, so it sees the same ServiceLoader result.
 */
class TckInterceptionProofTest {

    @Test
    void serviceLoader_beanProvider_isOurWeldProvider() {
        BeanProvider provider = ServiceLoader.load(BeanProvider.class).findFirst().orElse(null);
        assertNotNull(provider, "no javax.cache.annotation.BeanProvider loaded: the TCK annotation tests would be excluded");
        assertInstanceOf(WeldBeanProvider.class, provider);
    }

    @Test
    void tckBean_fromBeanProvider_isWeldSubclassThatServesSecondReadFromCache() {
        BeanProvider provider = ServiceLoader.load(BeanProvider.class).findFirst().orElseThrow();
        for (Class<?> type : WeldBeanProvider.TCK_BEANS) {
            Object bean = provider.getBeanByType(type);
            assertInstanceOf(WeldConstruct.class, bean, type.getName() + " is not a Weld-generated (intercepted) class");
            assertTrue(bean.getClass().getName().contains("WeldSubclass"), bean.getClass().getName());
        }

        // behaviour, not just the class name: after the source forgets the entry, the cached method still answers
        BlogManager blogs = provider.getBeanByType(UsingDefaultCacheNameBlogManagerImpl.class);
        String title = "proof-" + System.nanoTime();
        blogs.createEntry(new Blog(title, "body"));
        assertEquals("body", blogs.getEntryCached(title).getBody());
        blogs.clearEntry(title);
        assertEquals(null, blogs.getEntryRaw(title), "the source no longer has the entry");
        Blog cached = blogs.getEntryCached(title);
        assertNotNull(cached, "getEntryCached was not served from the cache: the TCK bean is not intercepted");
        assertEquals("body", cached.getBody());
        blogs.clearCache();
    }

    /**
     * Runs the three TCK annotation classes itself, independent of how surefire scans the TCK jar: 12 tests must run,
     * none fail, none be ignored, and none log the TCK's "EXCLUDING TEST" (what it does when no BeanProvider loads).
     */
    @Test
    void tckAnnotationTests_runDirectly_twelveRunNoneExcludedNoneFailed() {
        List<String> excluded = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (String.valueOf(record.getMessage()).contains("EXCLUDING TEST")) {
                    excluded.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        Result result;
        try {
            result = JUnitCore.runClasses(InterceptionUsingDefaultCacheNameTest.class,
                    InterceptionUsingCacheConfigTest.class, InterceptionCacheNameOnEachMethodTest.class);
        } finally {
            root.removeHandler(handler);
        }

        assertEquals(12, result.getRunCount());
        assertEquals(List.of(), result.getFailures().stream().map(Object::toString).toList());
        assertEquals(0, result.getIgnoreCount());
        assertEquals(List.of(), excluded);
    }
}
