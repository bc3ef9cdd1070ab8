package io.clerkcache.users;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;

/**
 * The default {@link CallerKeys}: an HTTP caller is keyed by its remote address ({@code ip:203.0.113.7}); anything
 * else is not limited. Behind a reverse proxy every caller has the proxy's address unless the server is told to take
 * the client's from {@code X-Forwarded-For} (Liberty: {@code <remoteIp/>} on the HTTP endpoint, see the README).
 */
@ApplicationScoped
public class RemoteAddressCallerKeys implements CallerKeys {

    private RequestOrigin origin;

    /** For CDI. */
    protected RemoteAddressCallerKeys() {
    }

    @Inject
    public RemoteAddressCallerKeys(RequestOrigin origin) {
        this.origin = origin;
    }

    @Override
    public Optional<String> current() {
        try {
            return origin.http() && origin.remoteAddress() != null
                    ? Optional.of("ip:" + origin.remoteAddress()) : Optional.empty();
        } catch (ContextNotActiveException notInARequest) {
            return Optional.empty();
        }
    }
}
