package io.clerkcache.security;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.clerkcache.users.CallerKeys;
import io.clerkcache.users.RemoteAddressCallerKeys;

/**
 * Keys the per-caller limit on Clerk calls by the authenticated identity ({@code user:<id>}, {@code api-key:<name>}),
 * so that callers behind one proxy or NAT are told apart and one caller cannot spread its misses over addresses.
 * Requests without an authenticated caller fall back to their remote address.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class IdentityCallerKeys implements CallerKeys {

    private CurrentCaller current;
    private RemoteAddressCallerKeys byAddress;

    /** For CDI. */
    protected IdentityCallerKeys() {
    }

    @Inject
    public IdentityCallerKeys(CurrentCaller current, RemoteAddressCallerKeys byAddress) {
        this.current = current;
        this.byAddress = byAddress;
    }

    @Override
    public Optional<String> current() {
        Optional<String> byAddressKey = byAddress.current();
        if (byAddressKey.isEmpty()) {
            return byAddressKey; // not an HTTP request: not limited
        }
        return Optional.of(current.get()
                .map(c -> c instanceof Caller.User u ? "user:" + u.userId() : c.getName())
                .orElse(byAddressKey.get()));
    }
}
