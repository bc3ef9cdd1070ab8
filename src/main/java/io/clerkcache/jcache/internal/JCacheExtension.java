package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.CacheStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheManager;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * The portable extension that makes the JSR-107 annotations work on Jakarta CDI 4.
 *
 * <ul>
 *   <li>registers {@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} as
 *       interceptor bindings with every member non-binding: their own {@code @Nonbinding} markers are the old
 *       {@code javax.enterprise} ones, invisible to CDI 4, so otherwise {@code @CacheResult(cacheName="a")} would
 *       not match the interceptor;</li>
 *   <li>adds the interceptors (enabled for the whole deployment by {@code @Priority}) and the library's beans
 *       itself, and vetoes copies found by bean discovery, so they are registered exactly once whether this package
 *       sits in {@code WEB-INF/classes} of an annotated-discovery WAR or in a library jar with or without
 *       {@code beans.xml};</li>
 *   <li>checks every cache-annotated method of every managed bean at deployment and reports misuse as a definition
 *       error naming the method;</li>
 *   <li>fails the deployment when cache annotations are used and the application provides no
 *       {@link CacheManager} bean.</li>
 * </ul>
 * Not final: the container proxies extensions it injects. Registered through
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 */
public class JCacheExtension implements Extension {

    private static final List<Class<? extends Annotation>> BINDINGS =
            List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

    private static final Set<Class<?>> LIBRARY_BEANS = Set.of(
            CacheResultInterceptor.class, CachePutInterceptor.class, CacheRemoveInterceptor.class,
            CacheRemoveAllInterceptor.class, OperationRegistry.class, DefaultCacheLoading.class,
            CacheStatistics.class);

    private final Set<Class<?>> beanClasses = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> registered = ConcurrentHashMap.newKeySet();

    void registerBindingsAndBeans(@Observes BeforeBeanDiscovery bbd) {
        for (Class<? extends Annotation> binding : BINDINGS) {
            bbd.configureInterceptorBinding(binding).methods().forEach(m -> m.add(Nonbinding.Literal.INSTANCE));
        }
        for (Class<?> type : LIBRARY_BEANS) {
            bbd.addAnnotatedType(type, JCacheExtension.class.getName() + "#" + type.getName());
        }
    }

    void vetoDiscoveredCopies(@Observes @WithAnnotations({Interceptor.class, ApplicationScoped.class, Singleton.class})
                              ProcessAnnotatedType<?> pat) {
        Class<?> type = pat.getAnnotatedType().getJavaClass();
        // The copy added in registerBindingsAndBeans and one found by bean discovery (the package in an
        // annotated-discovery WAR, or a library jar with beans.xml) would both become beans. Containers differ in
        // whether the added one arrives as ProcessSyntheticAnnotatedType (Weld sends a plain one), so keep
        // whichever comes first and veto the rest.
        if (LIBRARY_BEANS.contains(type) && !registered.add(type)) {
            pat.veto();
        }
    }

    void checkCacheMethods(@Observes ProcessManagedBean<?> pmb) {
        Class<?> beanClass = pmb.getAnnotatedBeanClass().getJavaClass();
        if (LIBRARY_BEANS.contains(beanClass) || beanClass.isAnnotationPresent(Interceptor.class)) {
            return;
        }
        boolean cached = false;
        for (AnnotatedMethod<?> annotated : pmb.getAnnotatedBeanClass().getMethods()) {
            Method method = annotated.getJavaMember();
            if (!OperationParser.isCandidate(beanClass, method)) {
                continue;
            }
            try {
                cached |= OperationParser.parse(beanClass, method) != null;
            } catch (IllegalArgumentException e) {
                pmb.addDefinitionError(new DefinitionException(e.getMessage()));
            }
        }
        if (cached) {
            beanClasses.add(beanClass);
        }
    }

    void checkCacheManager(@Observes AfterDeploymentValidation adv, BeanManager bm) {
        if (beanClasses.isEmpty()) {
            return; // a module that ships the library without using the annotations needs no CacheManager
        }
        var beans = bm.getBeans(CacheManager.class);
        if (beans.isEmpty()) {
            adv.addDeploymentProblem(new DefinitionException("JCache annotations are used (e.g. on "
                    + beanClasses.iterator().next().getName() + ") but no javax.cache.CacheManager bean with the"
                    + " default qualifier exists: produce one (e.g. @Produces @ApplicationScoped CacheManager)"));
        } else if (bm.resolve(beans) == null) {
            adv.addDeploymentProblem(new DefinitionException(
                    "JCache annotations need exactly one javax.cache.CacheManager bean, found " + beans));
        }
    }

    /**
     * The bean class behind {@code runtimeClass}, which is the container's generated subclass of it; for the
     * interceptors, which see the instance only.
     */
    Class<?> beanClassOf(Class<?> runtimeClass) {
        for (Class<?> c = runtimeClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (beanClasses.contains(c)) {
                return c;
            }
        }
        // not seen at deployment (e.g. a bean added in an unusual way): skip the container's generated classes
        Class<?> c = runtimeClass;
        while (c.getName().contains("$$") && c.getSuperclass() != null && c.getSuperclass() != Object.class) {
            c = c.getSuperclass();
        }
        return c;
    }
}
