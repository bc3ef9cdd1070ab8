package io.clerkcache.users;

import java.util.Optional;

/**
 * Names the caller that the per-caller limit on Clerk calls ({@link UpstreamLimiter}) counts against. Pluggable: the
 * default bean ({@link RemoteAddressCallerKeys}) keys HTTP callers by their address; an application that
 * authenticates its callers provides an {@code @Alternative @Priority(...)} bean that keys them by their identity
 * (a user id, an API key's name), so that callers behind one proxy or NAT are told apart.
 */
public interface CallerKeys {

    /**
     * The key of the caller of the current call, or empty when the call is not to be limited (code of this
     * application outside an HTTP request: a timer, a message-driven bean, a startup hook).
     */
    Optional<String> current();
}
