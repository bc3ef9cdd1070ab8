package io.clerkcache.jcache.internal;

import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/**
 * The {@link CacheKeyInvocationContext} handed to custom key generators and cache resolvers. Built only when such
 * a custom class is in use: the default path needs none of it.
 */
final class KeyInvocationContext<A extends Annotation> implements CacheKeyInvocationContext<A> {

    private final CacheMethod method;
    private final InvocationContext invocation;
    private final CacheInvocationParameter[] all;

    KeyInvocationContext(CacheMethod method, InvocationContext invocation) {
        this.method = method;
        this.invocation = invocation;
        Object[] args = invocation.getParameters();
        Class<?>[] types = method.method().getParameterTypes();
        Annotation[][] annotations = method.method().getParameterAnnotations();
        this.all = new CacheInvocationParameter[args.length];
        for (int i = 0; i < args.length; i++) {
            all[i] = new InvocationParameter(types[i], args[i], Set.of(annotations[i]), i);
        }
    }

    @Override
    public Object getTarget() {
        return invocation.getTarget();
    }

    @Override
    public CacheInvocationParameter[] getAllParameters() {
        return all.clone();
    }

    @Override
    public CacheInvocationParameter[] getKeyParameters() {
        int[] keys = method.keyParameters();
        CacheInvocationParameter[] result = new CacheInvocationParameter[keys.length];
        for (int i = 0; i < keys.length; i++) {
            result[i] = all[keys[i]];
        }
        return result;
    }

    @Override
    public CacheInvocationParameter getValueParameter() {
        return method.valueParameter() < 0 ? null : all[method.valueParameter()];
    }

    @Override
    public <T> T unwrap(Class<T> cls) {
        if (cls.isInstance(invocation)) {
            return cls.cast(invocation);
        }
        if (cls.isInstance(this)) {
            return cls.cast(this);
        }
        throw new IllegalArgumentException("Cannot unwrap " + getClass().getName() + " to " + cls.getName());
    }

    @Override
    public Method getMethod() {
        return method.method();
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return method.methodAnnotations();
    }

    @Override
    @SuppressWarnings("unchecked")
    public A getCacheAnnotation() {
        return (A) method.annotation();
    }

    @Override
    public String getCacheName() {
        return method.cacheName();
    }
}
