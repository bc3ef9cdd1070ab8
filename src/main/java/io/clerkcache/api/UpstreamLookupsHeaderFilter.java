package io.clerkcache.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import io.clerkcache.users.RequestMemo;
import io.clerkcache.users.RequestMemos;

/**
 * Tells the caller of a user lookup how many ids or usernames its request had to ask of Clerk
 * ({@code Clerk-Cache-Upstream-Lookups: 0} means every user came from the memo or the cache). For troubleshooting
 * and for the workload benchmark, which uses it to tell cached from uncached latencies.
 *
 * <p>When a user in the answer is a copy past its freshness (stale-if-error: Clerk could not answer in time), also
 * {@code Clerk-Cache-Stale: age=<seconds>} and RFC 9111's {@code Age: <seconds>}, the age of the oldest such copy.
 */
@Provider
@ApplicationScoped
public class UpstreamLookupsHeaderFilter implements ContainerResponseFilter {

    /** The response header. */
    public static final String HEADER = "Clerk-Cache-Upstream-Lookups";

    /** The response header marking an answer that holds a stale copy. */
    public static final String STALE_HEADER = "Clerk-Cache-Stale";

    @Inject
    RequestMemos memos;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("api/users") && !path.startsWith("/api/users")) {
            return;
        }
        RequestMemo memo = memos.current();
        if (memo != null) {
            response.getHeaders().putSingle(HEADER, Integer.toString(memo.upstreamLookups()));
            memo.staleAge().ifPresent(age -> {
                response.getHeaders().putSingle(STALE_HEADER, "age=" + age.toSeconds());
                response.getHeaders().putSingle("Age", Long.toString(age.toSeconds()));
            });
        }
    }
}
