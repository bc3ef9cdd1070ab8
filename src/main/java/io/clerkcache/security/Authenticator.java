package io.clerkcache.security;

import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: {@code Bearer <credential>}, where the credential is
 * either one of the configured API keys (checked first: hashing it costs microseconds and no I/O) or a Clerk session
 * token. Used by the {@link AuthenticationFilter}; other modules (a servlet, a WebSocket endpoint) may call it with the
 * header they received.
 */
@ApplicationScoped
public class Authenticator {

    /** Longest credential read; Clerk's session tokens are about 1 KB, more with custom claims. */
    public static final int MAX_CREDENTIAL_LENGTH = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
    /** RFC 6750's b64token. */
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private AuthConfig config;
    private AccessPolicy policy;
    private ApiKeys apiKeys;
    private SessionTokenVerifier tokens;

    /** For the CDI proxy only. */
    protected Authenticator() {
    }

    @Inject
    public Authenticator(AuthConfig config, AccessPolicy policy, ApiKeys apiKeys, SessionTokenVerifier tokens) {
        this.config = config;
        this.policy = policy;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
    }

    /** Reads the settings at application start, so that a malformed one fails the deployment, and says what holds. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> "Authentication: " + config + "; " + policy);
    }

    /**
     * The caller a request's {@code Authorization} header identifies.
     *
     * @param authorization the header's value, or {@code null} when absent
     * @throws NotAuthenticatedException when it is absent, malformed, or names no valid credential
     * @throws io.clerkcache.clerk.ClerkException if the Clerk instance's keys could not be fetched
     */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw NotAuthenticatedException.missing();
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw NotAuthenticatedException.invalid("expected Authorization: Bearer <credential>");
        }
        String credential = value.substring(space + 1).strip();
        if (credential.isEmpty() || credential.length() > MAX_CREDENTIAL_LENGTH
                || !TOKEN68.matcher(credential).matches()) {
            throw NotAuthenticatedException.invalid("malformed bearer credential");
        }
        Optional<Caller.ApiKey> key = apiKeys.match(credential);
        if (key.isPresent()) {
            return key.get();
        }
        if (credential.chars().filter(c -> c == '.').count() != 2) {
            throw NotAuthenticatedException.invalid("neither a known API key nor a session token");
        }
        return tokens.verify(credential);
    }
}
