package io.clerkcache.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code Cache-Control: no-store} on every answer of the API ({@code /api/...}), errors included: users are personal
 * data, and even a 404 tells whether a user exists. No browser, proxy or CDN may keep a copy.
 */
@Provider
public class NoStoreFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("api/") || path.startsWith("/api/")) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
