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
import org.jboss.weld.proxy.WeldConstruct;
import org.junit.jupiter.api.Test;

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
}
