package io.clerkcache.users.cache;

import javax.cache.CacheException;

/**
 * Redis was not asked: the {@link RedisBreaker} is open. A {@link CacheException}, so that the JCache library's error
 * policy counts it like any Redis failure and callers that must know Redis missed a change ("not invalidated", a
 * webhook answered 503) see it as one.
 */
public final class RedisUnavailableException extends CacheException {

    private static final long serialVersionUID = 1L;

    RedisUnavailableException(String message) {
        super(message);
    }

    /** No stack trace: thrown on every Redis command while the breaker is open, and always for the same reason. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
