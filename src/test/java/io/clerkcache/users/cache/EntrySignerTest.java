package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class EntrySignerTest {

    private static final byte[] KEY = key((byte) 1);
    private final EntrySigner signer = new EntrySigner(KEY);

    private static byte[] key(byte fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, fill);
        return k;
    }

    @Test
    void sign_thenVerify_givesTheJsonBackAndStaysJson() {
        String json = "{\"v\":1,\"kind\":\"username\",\"fetchedAt\":1,\"id\":\"user_x\"}";

        String signed = signer.sign(json);

        assertTrue(signed.startsWith("{\"v\":1,\"kind\":\"username\"") && signed.contains(",\"mac\":\"")
                && signed.endsWith("\"}"), signed);
        assertEquals(json, signer.verify(signed));
    }

    @Test
    void verify_tamperedValue_isRejected() {
        String signed = signer.sign("{\"kind\":\"user\",\"role\":\"reader\"}");

        assertNull(signer.verify(signed.replace("reader", "admin")));
    }

    @Test
    void verify_signedWithAnotherKey_isRejected() {
        String signed = new EntrySigner(key((byte) 2)).sign("{\"kind\":\"user\"}");

        assertNull(signer.verify(signed));
    }

    @Test
    void verify_unsignedOrGarbage_isRejected() {
        assertNull(signer.verify("{\"kind\":\"user\"}"));
        assertNull(signer.verify("{\"kind\":\"user\",\"mac\":\"!!not base64!!\"}"));
        assertNull(signer.verify("not json at all"));
    }

    @Test
    void verify_macStringInsideTheValue_doesNotConfuseTheSplit() {
        String json = "{\"note\":\",\\\"mac\\\":\\\"x\"}";

        assertEquals(json, signer.verify(signer.sign(json)));
    }

    @Test
    void create_shortKey_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EntrySigner(new byte[31]));
    }
}
