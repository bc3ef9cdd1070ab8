package io.clerkcache.users;

import jakarta.inject.Inject;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Marks each HTTP request's CDI request context as one (the request memo and the per-caller limit apply to HTTP
 * requests only) and records the client's address. CDI keeps the request context active while request listeners
 * run. It lives beside {@link RequestOrigin} so that the user directory jar carries it: in a WAR (classes or
 * {@code WEB-INF/lib}) the annotation registers it; a module that takes the jar from an EAR's {@code lib/} declares
 * it in its {@code web.xml}, since servlet annotations are not scanned there (docs/library.md).
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
