package io.clerkcache.users.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Integrity tags on the entries this application writes to Redis: HMAC-SHA256 over the entry's JSON, appended as its
 * last member ({@code ...,"mac":"<base64url>"}), so the entry stays readable with {@code redis-cli}. An entry whose tag
 * does not match was written by something else (or by a deployment with another key) and is never taken as a user:
 * the codec hands it to the load path as unreadable, which reloads it from Clerk.
 *
 * <p>The tag covers the value, not the Redis field it is stored under; the directory checks that a user entry's id is
 * the id it was looked up by, so a valid entry copied under another id is not served either.
 */
public final class EntrySigner {

    private static final String FIELD = ",\"mac\":\"";
    private static final String ALGORITHM = "HmacSHA256";
    /** The shortest key accepted: HMAC-SHA256's own block of security. */
    static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * A signer with {@code key}.
     *
     * @throws IllegalArgumentException if the key is shorter than 32 bytes
     */
    public EntrySigner(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("an entry integrity key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** {@code json} (an object) with its tag appended as the last member. */
    public String sign(String json) {
        if (!json.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return json.substring(0, json.length() - 1) + FIELD + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tag(json)) + "\"}";
    }

    /** The JSON without its tag if the tag matches, else {@code null}. */
    public String verify(String text) {
        int at = text.lastIndexOf(FIELD);
        if (at < 0 || !text.endsWith("\"}")) {
            return null;
        }
        String json = text.substring(0, at) + "}";
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(text.substring(at + FIELD.length(), text.length() - 2));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        return MessageDigest.isEqual(tag(json), given) ? json : null; // constant time
    }

    private byte[] tag(String json) {
        return macs.get().doFinal(json.getBytes(StandardCharsets.UTF_8));
    }
}
