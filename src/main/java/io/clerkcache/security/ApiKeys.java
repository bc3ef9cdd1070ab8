package io.clerkcache.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The API keys of back ends ({@code clerk.auth.api-keys}), kept only as SHA-256 hashes. A presented key is hashed and
 * compared with every configured hash in constant time ({@link MessageDigest#isEqual}), so neither the comparison nor
 * which entry matched shows in the timing.
 */
@ApplicationScoped
public class ApiKeys {

    private List<AuthConfig.ApiKeyHash> keys;

    /** For the CDI proxy only. */
    protected ApiKeys() {
    }

    @Inject
    public ApiKeys(AuthConfig config) {
        this.keys = config.apiKeys();
    }

    /** The caller whose key {@code presented} is, if it is a configured key. */
    public Optional<Caller.ApiKey> match(String presented) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        AuthConfig.ApiKeyHash found = null;
        for (AuthConfig.ApiKeyHash key : keys) {
            // No early exit: every entry is compared.
            if (MessageDigest.isEqual(hash, key.sha256())) {
                found = key;
            }
        }
        return found == null ? Optional.empty() : Optional.of(new Caller.ApiKey(found.name(), found.role()));
    }

    /** How many keys are configured. */
    public int size() {
        return keys.size();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
