package io.clerkcache.users;

import jakarta.enterprise.context.RequestScoped;

/**
 * Whether the current CDI request context serves an HTTP request, and from which address. CDI also activates a
 * request context for EJB timers, message-driven beans and asynchronous observers; only an HTTP request (marked by the
 * web layer when it starts) gets a {@link RequestMemo}, and only an HTTP caller is subject to the per-caller limit.
 */
@RequestScoped
public class RequestOrigin {

    private volatile boolean http;
    private volatile String remoteAddress;

    /** Marks this request context as an HTTP request from {@code remoteAddress}; called by the web layer. */
    public void markHttp(String remoteAddress) {
        this.remoteAddress = remoteAddress;
        this.http = true;
    }

    /** Whether this request context serves an HTTP request. */
    public boolean http() {
        return http;
    }

    /** The client's address as the server saw it (a proxy's, behind one), or {@code null} outside HTTP. */
    public String remoteAddress() {
        return remoteAddress;
    }
}
