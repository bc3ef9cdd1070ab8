package io.clerkcache.jcache.internal;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;

/** What the four cache interceptors share: the operation registry, and running an action before or after a call. */
abstract class CacheInterceptorBase implements Serializable {

    /**
     * The priority of all four interceptors: after the platform's own interceptors (transactions, security) and
     * before application and fault-tolerance interceptors, so a hit answers without retries, timeouts or bulkheads.
     */
    static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 100;

    private static final long serialVersionUID = 1L;

    // The registry is a @Singleton (no client proxy on the hit path) and so not passivation capable: transient, and
    // looked up again after an interceptor of a passivating bean was deserialized.
    @Inject
    transient OperationRegistry registry;

    final OperationRegistry registry() {
        OperationRegistry r = registry;
        if (r == null) {
            r = CDI.current().select(OperationRegistry.class).get();
            registry = r;
        }
        return r;
    }

    /**
     * Runs the method, with {@code action} before it, or after it when {@code after}. After a failed call the action
     * runs only if {@code filter} matches the failure, and its own failure is added to the method's as suppressed.
     */
    static Object around(InvocationContext ctx, boolean after, ExceptionFilter filter, Runnable action)
            throws Exception {
        if (!after) {
            action.run();
            return ctx.proceed();
        }
        Object result;
        try {
            result = ctx.proceed();
        } catch (Throwable t) {
            if (filter.matches(t)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    t.addSuppressed(e); // the method's own failure stays what the caller sees
                }
            }
            throw t;
        }
        action.run();
        return result;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
