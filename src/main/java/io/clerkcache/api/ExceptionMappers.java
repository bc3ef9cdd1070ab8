package io.clerkcache.api;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.clerkcache.clerk.ClerkConfigurationException;
import io.clerkcache.clerk.ClerkException;
import io.clerkcache.clerk.ClerkNotFoundException;
import io.clerkcache.clerk.ClerkRateLimitedException;
import io.clerkcache.clerk.ClerkRequestRejectedException;
import io.clerkcache.clerk.ClerkUnavailableException;
import io.clerkcache.security.AccessDeniedException;
import io.clerkcache.security.NotAuthenticatedException;
import io.clerkcache.users.CallerRateLimitedException;
import io.clerkcache.users.WriteRateLimitedException;
import io.clerkcache.users.WriteRejectedException;
import io.clerkcache.users.InvalidLookupException;

/**
 * The exception mappers that turn every failure into an RFC 9457 {@link Problem}: nothing reaches an HTTP client as a
 * stack trace or a container's HTML error page.
 */
public final class ExceptionMappers {

    private ExceptionMappers() {
    }

    /** Problems detected by the resources themselves. */
    @Provider
    public static class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            Response.ResponseBuilder b = e.problem().toResponse();
            if (e.retryAfterSeconds() > 0) {
                b.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            return b.build();
        }
    }

    /** This caller caused too many Clerk calls: 429 with {@code Retry-After}; Clerk was not called. */
    @Provider
    public static class CallerRateLimitedExceptionMapper implements ExceptionMapper<CallerRateLimitedException> {
        @Override
        public Response toResponse(CallerRateLimitedException e) {
            return Problem.of("caller-rate-limited", "Too many lookups of uncached users", 429, e.getMessage())
                    .toResponse().header("Retry-After", Long.toString(e.retryAfterSeconds())).build();
        }
    }

    /** Clerk's write limit (10 writes per user per 10 s): 429 with {@code Retry-After}; nothing changed. */
    @Provider
    public static class WriteRateLimitedExceptionMapper implements ExceptionMapper<WriteRateLimitedException> {
        @Override
        public Response toResponse(WriteRateLimitedException e) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            return Problem.of("write-rate-limited", "Too many writes of this user", 429, e.getMessage())
                    .toResponse().header("Retry-After", Long.toString(seconds)).build();
        }
    }

    /** Clerk refused a write as invalid (a username taken, say): 422 with Clerk's reason; nothing changed. */
    @Provider
    public static class WriteRejectedExceptionMapper implements ExceptionMapper<WriteRejectedException> {
        @Override
        public Response toResponse(WriteRejectedException e) {
            return Problem.of("write-rejected", "Clerk refused the change", 422, e.getMessage()).toResponse().build();
        }
    }

    /**
     * No credentials, or bad ones: 401 with the RFC 6750 challenge ({@code error="invalid_token"} when credentials
     * were sent and refused), so that clients know to sign in again or refresh their token.
     */
    @Provider
    public static class NotAuthenticatedExceptionMapper implements ExceptionMapper<NotAuthenticatedException> {
        /** The challenge's realm. */
        static final String REALM = "clerk-cache";

        @Override
        public Response toResponse(NotAuthenticatedException e) {
            if (!e.credentialsPresent()) {
                return Problem.of("authentication-required", "Authentication required", 401, e.getMessage())
                        .toResponse().header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"").build();
            }
            // The reasons are this service's own fixed phrases; keep the header value a valid quoted string anyway.
            String description = e.getMessage().replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "");
            return Problem.of("invalid-credentials", "Invalid credentials", 401, e.getMessage()).toResponse()
                    .header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", "
                            + "error_description=\"" + description + "\"")
                    .build();
        }
    }

    /** Authenticated, but the caller's roles do not allow it: 403. */
    @Provider
    public static class AccessDeniedExceptionMapper implements ExceptionMapper<AccessDeniedException> {
        @Override
        public Response toResponse(AccessDeniedException e) {
            return Problem.of("forbidden", "Forbidden", 403, e.getMessage()).toResponse().build();
        }
    }

    /** A malformed id or username, too many ids: 400, nothing was looked up. */
    @Provider
    public static class InvalidLookupExceptionMapper implements ExceptionMapper<InvalidLookupException> {
        @Override
        public Response toResponse(InvalidLookupException e) {
            return Problem.of("invalid-lookup", "Invalid lookup", 400, e.getMessage()).toResponse().build();
        }
    }

    /**
     * What JAX-RS itself rejects (unknown path 404, wrong method 405, unsupported media type 415, ...), with its
     * status kept.
     */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original == null ? 500 : original.getStatus();
            Response.StatusType type = Response.Status.fromStatusCode(status);
            String title = type == null ? "HTTP " + status : type.getReasonPhrase();
            String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            // No detail: the implementations' messages name internals and echo the request URL.
            Response.ResponseBuilder b = Problem.of(slug, title, status, null).toResponse();
            if (original != null) {
                // Keep what tells the client how to proceed (Allow, Retry-After, WWW-Authenticate, ...).
                original.getStringHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                        values.forEach(v -> b.header(name, v));
                    }
                });
            }
            return b.build();
        }
    }

    /**
     * Clerk failed. The caller learns whether to retry (503, with {@code Retry-After} when Clerk rate-limited us) or
     * whether this service is misconfigured (502); Clerk's trace id is passed on, the secret never.
     */
    @Provider
    public static class ClerkExceptionMapper implements ExceptionMapper<ClerkException> {
        private static final Logger LOG = Logger.getLogger(ClerkExceptionMapper.class.getName());

        @Override
        public Response toResponse(ClerkException e) {
            Response.ResponseBuilder b;
            if (e instanceof ClerkNotFoundException) {
                b = Problem.of("user-not-found", "User not found", 404, "Clerk does not know this user").toResponse();
            } else if (e instanceof ClerkRateLimitedException limited) {
                long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
                b = Problem.of("clerk-rate-limited", "Clerk rate limit reached", 503,
                        "Clerk asked to wait " + seconds + " s before the next call").toResponse()
                        .header("Retry-After", Long.toString(seconds));
            } else if (e instanceof ClerkUnavailableException) {
                // Counted by the client (ClerkCallStats.unavailable); one line per failed request would flood the
                // log during an outage.
                LOG.log(Level.FINE, e.getMessage());
                b = Problem.of("clerk-unavailable", "Clerk unavailable", 503,
                        "Clerk did not answer in time or failed; retry later").toResponse().header("Retry-After", "1");
            } else if (e instanceof ClerkConfigurationException) {
                // Logged loudly by the client; the caller cannot fix it.
                b = Problem.of("clerk-configuration", "Clerk rejected this service's credentials", 502,
                        "the service's Clerk secret key is invalid or lacks permission").toResponse();
            } else if (e instanceof ClerkRequestRejectedException) {
                LOG.log(Level.SEVERE, "Clerk rejected a request this service built: " + e.getMessage(), e);
                b = Problem.of("clerk-rejected-request", "Clerk rejected the request", 502,
                        "Clerk rejected a request of this service").toResponse();
            } else {
                LOG.log(Level.SEVERE, e.getMessage(), e);
                b = Problem.of("clerk-error", "Clerk error", 502, null).toResponse();
            }
            if (e.traceId() != null) {
                b.header("Clerk-Trace-Id", e.traceId());
            }
            return b.build();
        }
    }

    /** A failing invalidation (the cache could not be changed): 503, the caller should retry. */
    @Provider
    public static class CacheExceptionMapper implements ExceptionMapper<javax.cache.CacheException> {
        private static final Logger LOG = Logger.getLogger(CacheExceptionMapper.class.getName());

        @Override
        public Response toResponse(javax.cache.CacheException e) {
            // The cache's error policy already logged and counted the backend failure.
            LOG.log(Level.FINE, "cache operation failed", e);
            return Problem.of("cache-unavailable", "Cache unavailable", 503,
                    "the cache could not be changed; retry later").toResponse().header("Retry-After", "5").build();
        }
    }

    /** Anything else: 500 with no internals; the log has the stack trace. */
    @Provider
    public static class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
        private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

        @Override
        public Response toResponse(Throwable e) {
            LOG.log(Level.SEVERE, "unexpected failure", e);
            return Problem.of("internal-error", "Internal error", 500, "see the server log").toResponse().build();
        }
    }
}
