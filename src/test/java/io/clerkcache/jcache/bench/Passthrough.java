package io.clerkcache.jcache.bench;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A binding whose interceptor only proceeds: the benchmark's baseline for what any Weld interceptor costs. */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Passthrough {

    @Passthrough
    @Interceptor
    @Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
    class PassthroughInterceptor {
        @AroundInvoke
        Object proceed(InvocationContext ctx) throws Exception {
            return ctx.proceed();
        }
    }
}
