package io.clerkcache.jcache.support;

import java.lang.reflect.Proxy;
import javax.cache.Cache;
import javax.cache.CacheException;

/** A {@link Cache} whose every data operation throws: the one place the tests use a stand-in, to inject failures. */
public final class FailingCaches {

    private FailingCaches() {
    }

    @SuppressWarnings("unchecked")
    public static <K, V> Cache<K, V> failing(String name) {
        return (Cache<K, V>) Proxy.newProxyInstance(FailingCaches.class.getClassLoader(), new Class<?>[] {Cache.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    case "isClosed" -> false;
                    case "toString" -> "FailingCache[" + name + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new CacheException("injected failure: " + method.getName() + " on " + name);
                });
    }
}
