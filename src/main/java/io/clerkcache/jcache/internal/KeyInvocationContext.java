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

    private static final KeySpec NO_KEY = new KeySpec(new int[0], -1, null);

    private final OperationTarget target;
    private final KeySpec key;
    private final InvocationContext invocation;
    private final CacheInvocationParameter[] all;

    /** The context of {@code invocation} of {@code target}; {@code key} is {@code null} for {@code @CacheRemoveAll}. */
    KeyInvocationContext(OperationTarget target, KeySpec key, InvocationContext invocation) {
        this.target = target;
        this.key = key != null ? key : NO_KEY;
        this.invocation = invocation;
        Object[] args = invocation.getParameters();
        Class<?>[] types = target.method().getParameterTypes();
        Annotation[][] annotations = target.method().getParameterAnnotations();
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
        int[] keys = key.parameters();
        CacheInvocationParameter[] result = new CacheInvocationParameter[keys.length];
        for (int i = 0; i < keys.length; i++) {
            result[i] = all[keys[i]];
        }
        return result;
    }

    @Override
    public CacheInvocationParameter getValueParameter() {
        return key.valueParameter() < 0 ? null : all[key.valueParameter()];
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
        return target.method();
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return target.methodAnnotations();
    }

    @Override
    @SuppressWarnings("unchecked")
    public A getCacheAnnotation() {
        return (A) target.annotation();
    }

    @Override
    public String getCacheName() {
        return target.cacheName();
    }
}
