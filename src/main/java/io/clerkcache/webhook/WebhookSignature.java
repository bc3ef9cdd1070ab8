package io.clerkcache.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the Svix signature of a Clerk webhook delivery on its raw bytes: {@code svix-signature} holds one or more
 * space-separated {@code v1,<base64 HMAC-SHA256>} entries over {@code svix-id + "." + svix-timestamp + "." + body},
 * keyed with the base64-decoded secret (without its {@code whsec_} prefix). A delivery is accepted when any
 * {@code v1} entry matches (compared in constant time) and its timestamp is within the tolerance (5 minutes) of the
 * clock, which tests inject. Immutable and thread safe.
 */
public final class WebhookSignature {

    /** How far a delivery's timestamp may be from now, either way, as Svix's own libraries allow. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration tolerance;

    /**
     * A verifier for {@code secret} ({@code whsec_...}, as Clerk's dashboard shows it).
     *
     * @throws IllegalArgumentException if the secret is not {@code whsec_} followed by base64 (never echoed)
     */
    public WebhookSignature(String secret, Clock clock, Duration tolerance) {
        Objects.requireNonNull(secret, "secret");
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret must be whsec_ followed by base64");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    /**
     * Checks one delivery.
     *
     * @param id        the {@code svix-id} header
     * @param timestamp the {@code svix-timestamp} header (unix seconds)
     * @param signature the {@code svix-signature} header
     * @param body      the request body exactly as received
     * @throws InvalidSignatureException saying why the delivery is refused
     */
    public void verify(String id, String timestamp, String signature, byte[] body) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signature)) {
            throw new InvalidSignatureException("missing svix-id, svix-timestamp or svix-signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSignatureException("svix-timestamp is not a number of seconds");
        }
        Instant sent = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
            throw new InvalidSignatureException("svix-timestamp is more than " + tolerance.toMinutes()
                    + " minutes from now");
        }
        byte[] expected = sign(id, timestamp.trim(), body);
        for (String entry : signature.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue; // other schemes (v1a, v2) are not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new InvalidSignatureException("no v1 signature matches");
    }

    /** The v1 signature of a delivery, as {@code svix-signature} carries it (for the simulator and tests). */
    public String signatureHeader(String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(sign(id, timestamp, body));
    }

    private byte[] sign(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
