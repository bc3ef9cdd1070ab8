package io.clerkcache.jcache.internal;

import io.clerkcache.jcache.CacheErrorPolicy;
import io.clerkcache.jcache.CacheOperation;
import io.clerkcache.jcache.GuardedCache;
import io.clerkcache.jcache.JCacheExtension;
import io.clerkcache.jcache.JCacheSettings;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Everything the four interceptors share: per-method metadata (parsed once per bean class and method), key
 * generation, cache resolution, the error policy, single flight and the invalidation guard. The interceptors are
 * one-liners over this.
 *
 * <p>A plain object owned by the application-scoped {@link CacheInterceptorSupportHolder}, so interceptors can keep
 * a direct reference: calling through Weld's client proxy costs a context lookup and a reflective call per cache hit.
 */
public final class CacheInterceptorSupport {

    /**
     * The priority of all four interceptors: after the platform's own interceptors (transactions, security) and
     * before application and fault-tolerance interceptors, so a hit answers without retries, timeouts or bulkheads.
     */
    public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 100;

    /** Marks a method of a bean class that no cache operation applies to. */
    private static final Object NONE = new Object();

    private final JCacheExtension extension;
    private final BeanManager beanManager;
    private final CacheErrorPolicy policy;
    private final Instance<CacheManager> cacheManagers;

    private final Map<String, CacheRef> caches = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
    private final SingleFlight flights = new SingleFlight();
    private final ClassValue<Map<Method, Object>> methodsByTargetClass = new ClassValue<>() {
        @Override
        protected Map<Method, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private volatile CacheManager cacheManager;
    private volatile JCacheSettings settings;

    CacheInterceptorSupport(JCacheExtension extension, BeanManager beanManager, CacheErrorPolicy policy,
                            Instance<CacheManager> cacheManagers) {
        this.extension = extension;
        this.beanManager = beanManager;
        this.policy = policy;
        this.cacheManagers = cacheManagers;
    }

    // ---------------------------------------------------------------------------------------------- @CacheResult

    /** {@code @CacheResult}: answer from the cache, else run the method once (single flight) and cache its result. */
    public Object result(InvocationContext ctx) throws Exception {
        MethodRuntime r = runtime(ctx, Kind.RESULT);
        if (r == null) {
            return ctx.proceed();
        }
        Object key = key(r, ctx);
        GuardedCache<Object, Object> cache = resolveForRead(r, ctx);
        GuardedCache<Object, Object> exceptionCache = r.method.hasExceptionCache() ? resolveExceptionCache(r, ctx) : null;
        String name = cache != null ? cache.name() : r.method.cacheName();
        if (!r.method.skipGet()) {
            if (cache != null) {
                Object cached = cache.get(key);
                if (cached != null) {
                    return cached;
                }
            } else {
                policy.miss(name); // the cache could not even be resolved: a read that failed is a miss
            }
            if (exceptionCache != null && exceptionCache.get(key) instanceof Throwable cachedFailure) {
                throw sneaky(cachedFailure);
            }
        }
        // every miss joins the flight of its key, so invalidations can overtake it; with single flight on, all but
        // the leading caller wait for the leader's outcome instead of running the method
        SingleFlight.Ticket ticket = flights.join(new SingleFlight.Key(name, key));
        try {
            // skipGet always runs the method (it refreshes the entry), so it never waits for another load
            if (ticket.leader() || r.method.skipGet() || !settings().singleFlight()) {
                return lead(r, ctx, name, key, cache, exceptionCache, ticket);
            }
            policy.singleFlightWaited(name);
            try {
                return ticket.outcome().get(settings().singleFlightTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw sneaky(e.getCause()); // the leader's own exception, as the leader's caller saw it
            } catch (TimeoutException e) {
                policy.singleFlightTimedOut(name);
            } catch (InterruptedException e) {
                // keep the interrupt for the caller's code and answer anyway: waiting was our idea, not the caller's
                Thread.currentThread().interrupt();
            }
            return load(r, ctx, name, key, cache, exceptionCache, ticket);
        } finally {
            flights.leave(ticket);
        }
    }

    /** Loads and hands the outcome to the callers waiting for this ticket (if it leads). */
    private Object lead(MethodRuntime r, InvocationContext ctx, String name, Object key,
                        GuardedCache<Object, Object> cache, GuardedCache<Object, Object> exceptionCache,
                        SingleFlight.Ticket ticket) throws Exception {
        try {
            Object value = load(r, ctx, name, key, cache, exceptionCache, ticket);
            if (ticket.leader()) {
                ticket.outcome().complete(value);
            }
            return value;
        } catch (Throwable t) {
            if (ticket.leader()) {
                ticket.outcome().completeExceptionally(t);
            }
            throw t;
        }
    }

    private Object load(MethodRuntime r, InvocationContext ctx, String name, Object key,
                        GuardedCache<Object, Object> cache, GuardedCache<Object, Object> exceptionCache,
                        SingleFlight.Ticket ticket) throws Exception {
        long start = System.nanoTime();
        Object value;
        try {
            value = ctx.proceed();
        } catch (Throwable t) {
            policy.loadFailed(name, Duration.ofNanos(System.nanoTime() - start), t);
            if (exceptionCache != null && r.method.exceptionFilter().matches(t)) {
                putUnlessOvertaken(exceptionCache, key, t, ticket);
            }
            throw t;
        }
        policy.loaded(name, Duration.ofNanos(System.nanoTime() - start));
        if (value != null && cache != null) { // JCache has no nulls: a null result is never cached
            putUnlessOvertaken(cache, key, value, ticket);
        }
        return value;
    }

    private static void putUnlessOvertaken(GuardedCache<Object, Object> cache, Object key, Object value,
                                           SingleFlight.Ticket ticket) {
        if (ticket == null) {
            cache.put(key, value);
        } else {
            ticket.putIfCurrent(() -> cache.put(key, value));
        }
    }

    // ------------------------------------------------------------------------------------------------- @CachePut

    /** {@code @CachePut}: store the {@code @CacheValue} argument before or after the method, as annotated. */
    public Object put(InvocationContext ctx) throws Exception {
        MethodRuntime r = runtime(ctx, Kind.PUT);
        if (r == null) {
            return ctx.proceed();
        }
        Object key = key(r, ctx);
        Object value = ctx.getParameters()[r.method.valueParameter()];
        if (!r.method.afterInvocation()) {
            store(r, ctx, key, value);
            return ctx.proceed();
        }
        Object result;
        try {
            result = ctx.proceed();
        } catch (Throwable t) {
            if (r.method.exceptionFilter().matches(t)) {
                storeAfterFailure(r, ctx, key, value, t);
            }
            throw t;
        }
        store(r, ctx, key, value);
        return result;
    }

    private void store(MethodRuntime r, InvocationContext ctx, Object key, Object value) {
        GuardedCache<Object, Object> cache;
        if (value == null) {
            // JCache has no nulls; the stale entry must not survive a put of "nothing", so this is an eviction
            // (and, like any eviction, its failure reaches the caller)
            cache = resolveForInvalidation(r, ctx);
            flights.invalidate(cache.name(), key);
            cache.remove(key);
            return;
        }
        cache = resolveForRead(r, ctx);
        if (cache != null) {
            flights.invalidate(cache.name(), key);
            cache.put(key, value);
        }
    }

    private void storeAfterFailure(MethodRuntime r, InvocationContext ctx, Object key, Object value, Throwable t) {
        try {
            store(r, ctx, key, value);
        } catch (RuntimeException e) {
            t.addSuppressed(e); // the method's own failure stays what the caller sees
        }
    }

    // ----------------------------------------------------------------------------------------------- @CacheRemove

    /** {@code @CacheRemove}: evict the key before or after the method; a failed eviction is thrown. */
    public Object remove(InvocationContext ctx) throws Exception {
        MethodRuntime r = runtime(ctx, Kind.REMOVE);
        return r == null ? ctx.proceed() : invalidate(r, ctx, key(r, ctx));
    }

    /** {@code @CacheRemoveAll}: empty the cache before or after the method; a failed eviction is thrown. */
    public Object removeAll(InvocationContext ctx) throws Exception {
        MethodRuntime r = runtime(ctx, Kind.REMOVE_ALL);
        return r == null ? ctx.proceed() : invalidate(r, ctx, null);
    }

    private Object invalidate(MethodRuntime r, InvocationContext ctx, Object key) throws Exception {
        if (!r.method.afterInvocation()) {
            evict(r, ctx, key);
            return ctx.proceed();
        }
        Object result;
        try {
            result = ctx.proceed();
        } catch (Throwable t) {
            if (r.method.exceptionFilter().matches(t)) {
                try {
                    evict(r, ctx, key);
                } catch (RuntimeException e) {
                    t.addSuppressed(e);
                }
            }
            throw t;
        }
        evict(r, ctx, key);
        return result;
    }

    private void evict(MethodRuntime r, InvocationContext ctx, Object key) {
        GuardedCache<Object, Object> cache = resolveForInvalidation(r, ctx);
        if (r.method.kind() == Kind.REMOVE_ALL) {
            flights.invalidateAll(cache.name());
            cache.removeAll();
        } else {
            flights.invalidate(cache.name(), key);
            cache.remove(key);
        }
    }

    // ------------------------------------------------------------------------------------------ keys and caches

    private static Object key(MethodRuntime r, InvocationContext ctx) {
        if (r.keyGenerator != null) {
            GeneratedCacheKey key = r.keyGenerator.generateCacheKey(new KeyInvocationContext<>(r.method, ctx));
            if (key == null) {
                throw new IllegalStateException(r.keyGenerator.getClass().getName() + " returned a null key for "
                        + CacheMethodParser.describe(r.method.method()));
            }
            return key;
        }
        Object[] args = ctx.getParameters();
        int[] positions = r.method.keyParameters();
        Object[] values = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            values[i] = args[positions[i]];
        }
        return new DefaultCacheKey(values);
    }

    /** The method's cache, or null (counted as a backend error) when it cannot be resolved: a read goes on. */
    private GuardedCache<Object, Object> resolveForRead(MethodRuntime r, InvocationContext ctx) {
        return resolveOrNull(r, ctx, r.method.cacheName(), r.resolver, r.cache);
    }

    /** The method's cache for an eviction, whose failure must reach the caller. */
    private GuardedCache<Object, Object> resolveForInvalidation(MethodRuntime r, InvocationContext ctx) {
        try {
            return resolve(r, ctx, r.resolver, r.cache);
        } catch (RuntimeException e) {
            policy.backendFailed(r.method.cacheName(), CacheOperation.RESOLVE, e);
            throw e;
        }
    }

    private GuardedCache<Object, Object> resolveExceptionCache(MethodRuntime r, InvocationContext ctx) {
        return resolveOrNull(r, ctx, r.method.exceptionCacheName(), r.exceptionResolver, r.exceptionCache);
    }

    private GuardedCache<Object, Object> resolveOrNull(MethodRuntime r, InvocationContext ctx, String name,
                                                       CacheResolver resolver, CacheRef ref) {
        try {
            return resolve(r, ctx, resolver, ref);
        } catch (RuntimeException e) {
            policy.backendFailed(name, CacheOperation.RESOLVE, e);
            return null;
        }
    }

    private GuardedCache<Object, Object> resolve(MethodRuntime r, InvocationContext ctx, CacheResolver resolver,
                                                 CacheRef ref) {
        if (resolver == null) {
            return ref.get();
        }
        Cache<Object, Object> cache = resolver.resolveCache(new KeyInvocationContext<>(r.method, ctx));
        if (cache == null) {
            throw new IllegalStateException(resolver.getClass().getName() + " resolved no cache for "
                    + CacheMethodParser.describe(r.method.method()));
        }
        return policy.guard(cache);
    }

    private CacheRef cacheRef(String name) {
        CacheRef ref = caches.get(name);
        return ref != null ? ref : caches.computeIfAbsent(name, n -> new CacheRef(n, this::cacheManager, policy));
    }

    private CacheManager cacheManager() {
        CacheManager cm = cacheManager;
        if (cm == null) {
            if (!cacheManagers.isResolvable()) {
                throw new IllegalStateException("The JCache annotations need the application to provide exactly one"
                        + " javax.cache.CacheManager bean with the default qualifier (e.g. a @Produces"
                        + " @ApplicationScoped method); found " + (cacheManagers.isUnsatisfied() ? "none" : "several"));
            }
            cm = cacheManagers.get();
            cacheManager = cm;
        }
        return cm;
    }

    private JCacheSettings settings() {
        JCacheSettings s = settings;
        if (s == null) {
            s = policy.settings();
            settings = s;
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ method metadata

    /** The runtime of the intercepted method if {@code kind} applies to it, else null (the call just proceeds). */
    private MethodRuntime runtime(InvocationContext ctx, Kind kind) {
        Method method = ctx.getMethod();
        Object target = ctx.getTarget();
        Map<Method, Object> methods = methodsByTargetClass.get(target.getClass());
        Object r = methods.get(method);
        if (r == null) {
            r = methods.computeIfAbsent(method, m -> build(target.getClass(), m));
        }
        return r instanceof MethodRuntime mr && mr.method.kind() == kind ? mr : null;
    }

    private Object build(Class<?> targetClass, Method method) {
        Class<?> beanClass = extension.beanClassOf(targetClass);
        CacheMethod parsed;
        try {
            parsed = CacheMethodParser.parse(beanClass, method);
        } catch (IllegalArgumentException e) {
            // normally rejected at deployment; reached only for beans the extension did not see
            throw new IllegalStateException(e.getMessage(), e);
        }
        return parsed == null ? NONE : new MethodRuntime(parsed);
    }

    /** A parsed method with its key generator and cache resolvers, created on its first call. */
    private final class MethodRuntime {
        final CacheMethod method;
        final CacheKeyGenerator keyGenerator;
        final CacheResolver resolver;
        final CacheResolver exceptionResolver;
        final CacheRef cache;
        final CacheRef exceptionCache;

        MethodRuntime(CacheMethod method) {
            this.method = method;
            this.keyGenerator = method.keyGenerator() == null ? null : instance(method.keyGenerator());
            CacheResolverFactory factory = method.resolverFactory() == null ? null : instance(method.resolverFactory());
            MethodDetails<Annotation> details = MethodDetails.of(method);
            this.resolver = factory == null ? null : factory.getCacheResolver(details);
            this.exceptionResolver = factory == null || !method.hasExceptionCache() ? null
                    : factory.getExceptionCacheResolver(
                    MethodDetails.<CacheResult>of(method).forExceptionCache(method.exceptionCacheName()));
            this.cache = factory == null ? cacheRef(method.cacheName()) : null;
            this.exceptionCache = factory == null && method.hasExceptionCache()
                    ? cacheRef(method.exceptionCacheName()) : null;
        }
    }

    /** The CDI bean of {@code type} if there is one, else a new instance from its no-argument constructor; kept. */
    private <T> T instance(Class<T> type) {
        Object existing = instances.get(type);
        if (existing == null) {
            Instance<T> bean = beanManager.createInstance().select(type);
            if (bean.isResolvable()) {
                existing = bean.get();
            } else {
                try {
                    existing = type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException(type.getName() + " is not a CDI bean and cannot be instantiated"
                            + " with a public no-argument constructor", e);
                }
            }
            Object raced = instances.putIfAbsent(type, existing);
            existing = raced != null ? raced : existing;
        }
        return type.cast(existing);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
