package io.clerkcache.jcache.tck;

import io.clerkcache.jcache.internal.JCacheExtension;
import javax.cache.annotation.BeanProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The JSR-107 TCK's {@link BeanProvider}: one Weld SE container for the whole TCK run, with the TCK's domain beans
 * added explicitly (their jar's CDI 1.0 {@code beans.xml} means "annotated" discovery to CDI 4, which would find
 * none of them). Registered in {@code META-INF/services/javax.cache.annotation.BeanProvider}.
 */
public final class WeldBeanProvider implements BeanProvider {

    /** The TCK's bean classes, for the proof test. */
    static final Class<?>[] TCK_BEANS = {UsingDefaultCacheNameBlogManagerImpl.class,
            ClassLevelCacheConfigBlogManagerImpl.class, CacheNameOnEachMethodBlogManagerImpl.class};

    private static final class Holder {
        // booted on first use, once per JVM; Weld's shutdown hook stops it
        static final WeldContainer CONTAINER = new Weld("jsr107-tck")
                .disableDiscovery()
                .addExtension(new JCacheExtension())
                .addBeanClasses(TCK_BEANS)
                .addBeanClasses(TckCacheManagerProducer.class)
                .initialize();
    }

    @Override
    public <T> T getBeanByType(Class<T> beanClass) {
        return Holder.CONTAINER.select(beanClass).get();
    }
}
