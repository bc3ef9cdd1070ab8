package io.clerkcache.jcache.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Reads the JSR-107 annotations of one method of one bean class into a {@link JCacheOperation}, rejecting misuse
 * with an {@link IllegalArgumentException} whose message names the method (the extension turns it into a definition
 * error at deployment).
 */
final class OperationParser {

    static final List<Class<? extends Annotation>> OPERATIONS =
            List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

    private OperationParser() {
    }

    /** Whether the method or the class carries one of the four cache operation annotations. */
    static boolean isCandidate(Class<?> beanClass, Method method) {
        return operationsOn(method).size() + operationsOn(beanClass).size() > 0;
    }

    /**
     * The metadata of {@code method} as a business method of {@code beanClass}, or {@code null} when no cache
     * operation applies to it.
     *
     * @throws IllegalArgumentException when the annotations are used against the specification
     */
    static JCacheOperation parse(Class<?> beanClass, Method method) {
        List<Annotation> onMethod = operationsOn(method);
        if (onMethod.size() > 1) {
            throw misuse(method, "carries more than one cache annotation " + names(onMethod)
                    + "; a method can have only one of @CacheResult, @CachePut, @CacheRemove, @CacheRemoveAll");
        }
        List<Annotation> onClass = operationsOn(beanClass);
        if (onMethod.isEmpty() && onClass.size() > 1) {
            throw misuse(method, "inherits more than one cache annotation from class " + beanClass.getName() + " "
                    + names(onClass));
        }
        boolean fromClass = onMethod.isEmpty();
        Annotation annotation = fromClass ? (onClass.isEmpty() ? null : onClass.get(0)) : onMethod.get(0);
        if (annotation == null) {
            return null;
        }
        if (fromClass && (Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())
                || method.getDeclaringClass() == Object.class)) {
            return null; // not a business method: the class-level binding does not intercept it
        }
        if (fromClass && annotation instanceof CacheResult && method.getReturnType() == void.class) {
            return null; // a class-level @CacheResult has nothing to cache on a void method
        }

        CacheDefaults defaults = beanClass.getAnnotation(CacheDefaults.class);
        if (defaults == null) {
            defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
        }
        Annotation[][] parameterAnnotations = method.getParameterAnnotations();
        int valueParameter = -1;
        List<Integer> annotatedKeys = new ArrayList<>();
        for (int i = 0; i < parameterAnnotations.length; i++) {
            boolean key = has(parameterAnnotations[i], CacheKey.class);
            boolean value = has(parameterAnnotations[i], CacheValue.class);
            if (key && value) {
                throw misuse(method, "parameter " + i + " carries both @CacheKey and @CacheValue");
            }
            if (value) {
                if (!(annotation instanceof CachePut)) {
                    throw misuse(method, "@CacheValue is only allowed on a @CachePut method");
                }
                if (valueParameter >= 0) {
                    throw misuse(method, "@CachePut needs exactly one @CacheValue parameter, found more than one");
                }
                valueParameter = i;
            }
            if (key) {
                annotatedKeys.add(i);
            }
        }
        int[] keys = annotatedKeys.isEmpty() ? allExcept(parameterAnnotations.length, valueParameter)
                : annotatedKeys.stream().mapToInt(Integer::intValue).toArray();
        Set<Annotation> methodAnnotations = Set.of(method.getAnnotations());

        if (annotation instanceof CacheResult r) {
            if (method.getReturnType() == void.class) {
                throw misuse(method, "@CacheResult on a void method: there is no result to cache");
            }
            return new CacheResultOperation(
                    target(method, r, methodAnnotations, r.cacheName(), r.cacheResolverFactory(), defaults),
                    new KeySpec(keys, -1, keyGenerator(r.cacheKeyGenerator(), defaults)), r.skipGet(),
                    r.exceptionCacheName(), new ExceptionFilter(r.cachedExceptions(), r.nonCachedExceptions(), true));
        }
        if (annotation instanceof CachePut p) {
            if (valueParameter < 0) {
                throw misuse(method, "@CachePut needs exactly one @CacheValue parameter, found none");
            }
            return new CachePutOperation(
                    target(method, p, methodAnnotations, p.cacheName(), p.cacheResolverFactory(), defaults),
                    new KeySpec(keys, valueParameter, keyGenerator(p.cacheKeyGenerator(), defaults)),
                    p.afterInvocation(), new ExceptionFilter(p.cacheFor(), p.noCacheFor(), false));
        }
        if (annotation instanceof CacheRemove e) {
            return new CacheRemoveOperation(
                    target(method, e, methodAnnotations, e.cacheName(), e.cacheResolverFactory(), defaults),
                    new KeySpec(keys, -1, keyGenerator(e.cacheKeyGenerator(), defaults)),
                    e.afterInvocation(), new ExceptionFilter(e.evictFor(), e.noEvictFor(), false));
        }
        CacheRemoveAll a = (CacheRemoveAll) annotation;
        return new CacheRemoveAllOperation(
                target(method, a, methodAnnotations, a.cacheName(), a.cacheResolverFactory(), defaults),
                a.afterInvocation(), new ExceptionFilter(a.evictFor(), a.noEvictFor(), false));
    }

    private static OperationTarget target(Method method, Annotation annotation, Set<Annotation> methodAnnotations,
                                          String cacheName, Class<? extends CacheResolverFactory> resolverFactory,
                                          CacheDefaults defaults) {
        return new OperationTarget(method, annotation, methodAnnotations, cacheName(cacheName, defaults, method),
                resolverFactory(resolverFactory, defaults));
    }

    /**
     * The spec's default cache name: the fully qualified name of the class declaring the method, '.', the method
     * name, and the declared parameter types' names in parentheses, separated by commas.
     */
    static String defaultCacheName(Method method) {
        return method.getDeclaringClass().getName() + '.' + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static String cacheName(String onAnnotation, CacheDefaults defaults, Method method) {
        if (!onAnnotation.isEmpty()) {
            return onAnnotation;
        }
        if (defaults != null && !defaults.cacheName().isEmpty()) {
            return defaults.cacheName();
        }
        return defaultCacheName(method);
    }

    private static Class<? extends CacheKeyGenerator> keyGenerator(Class<? extends CacheKeyGenerator> onAnnotation,
                                                                    CacheDefaults defaults) {
        if (onAnnotation != CacheKeyGenerator.class) {
            return onAnnotation;
        }
        if (defaults != null && defaults.cacheKeyGenerator() != CacheKeyGenerator.class) {
            return defaults.cacheKeyGenerator();
        }
        return null;
    }

    private static Class<? extends CacheResolverFactory> resolverFactory(
            Class<? extends CacheResolverFactory> onAnnotation, CacheDefaults defaults) {
        if (onAnnotation != CacheResolverFactory.class) {
            return onAnnotation;
        }
        if (defaults != null && defaults.cacheResolverFactory() != CacheResolverFactory.class) {
            return defaults.cacheResolverFactory();
        }
        return null;
    }

    private static List<Annotation> operationsOn(java.lang.reflect.AnnotatedElement element) {
        List<Annotation> found = new ArrayList<>(1);
        for (Class<? extends Annotation> type : OPERATIONS) {
            Annotation a = element.getAnnotation(type);
            if (a != null) {
                found.add(a);
            }
        }
        return found;
    }

    private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
        for (Annotation a : annotations) {
            if (a.annotationType() == type) {
                return true;
            }
        }
        return false;
    }

    private static int[] allExcept(int count, int excluded) {
        int[] keys = new int[excluded >= 0 ? count - 1 : count];
        for (int i = 0, k = 0; i < count; i++) {
            if (i != excluded) {
                keys[k++] = i;
            }
        }
        return keys;
    }

    private static String names(List<Annotation> annotations) {
        return annotations.stream().map(a -> "@" + a.annotationType().getSimpleName())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static IllegalArgumentException misuse(Method method, String problem) {
        return new IllegalArgumentException("JCache annotations on " + describe(method) + ": " + problem);
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName() + '.' + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
