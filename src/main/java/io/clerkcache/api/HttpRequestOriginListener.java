package io.clerkcache.api;

import jakarta.inject.Inject;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

import io.clerkcache.users.RequestOrigin;

/**
 * Marks each HTTP request's CDI request context as one (the request memo and the per-caller limit apply to HTTP
 * requests only) and records the client's address. CDI keeps the request context active while request listeners
 * run.
 */
@WebListener
public class HttpRequestOriginListener implements ServletRequestListener {

    @Inject
    RequestOrigin origin;

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        origin.markHttp(event.getServletRequest().getRemoteAddr());
    }
}
