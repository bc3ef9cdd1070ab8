package io.clerkcache.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Svix signature check against the official Standard Webhooks vector and the Clerk-body vectors derived from it
 * ({@code src/test/resources/clerk/svix-test-vectors.json}), with the clock set to each vector's time.
 */
class WebhookSignatureTest {

    private static final JsonObject VECTORS = load();

    private static JsonObject load() {
        try (InputStream in = WebhookSignatureTest.class.getResourceAsStream("/clerk/svix-test-vectors.json");
             JsonReader r = Json.createReader(in)) {
            return r.readObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<JsonObject> vectors() {
        return Stream.concat(VECTORS.getJsonArray("official").getValuesAs(JsonObject.class).stream(),
                VECTORS.getJsonArray("derived").getValuesAs(JsonObject.class).stream());
    }

    private static long timestamp(JsonObject v) {
        return Long.parseLong(v.get("timestamp").toString().replace("\"", ""));
    }

    private static WebhookSignature at(JsonObject v, long epochSecond) {
        return new WebhookSignature(v.getString("secret"), Clock.fixed(Instant.ofEpochSecond(epochSecond),
                ZoneOffset.UTC), WebhookSignature.DEFAULT_TOLERANCE);
    }

    private static String header(JsonObject v) {
        return v.containsKey("signature_header") ? v.getString("signature_header") : v.getString("expected_signature");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verify_testVector_acceptedOrRefusedAsTheVectorSays(JsonObject v) {
        WebhookSignature signature = at(v, timestamp(v));
        byte[] body = v.getString("payload").getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(timestamp(v));
        Runnable check = () -> signature.verify(v.getString("msg_id"), ts, header(v), body);

        if ("invalid".equals(v.getString("expect", "valid"))) {
            assertThrows(InvalidSignatureException.class, check::run);
        } else {
            assertDoesNotThrow(check::run);
        }
    }

    @Test
    void signatureHeader_officialVector_isTheExpectedSignature() {
        JsonObject v = VECTORS.getJsonArray("official").getJsonObject(0);

        assertEquals(v.getString("expected_signature"), at(v, timestamp(v)).signatureHeader(v.getString("msg_id"),
                String.valueOf(timestamp(v)), v.getString("payload").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verify_timestampOutsideFiveMinutes_refusedEitherWay() {
        JsonObject v = VECTORS.getJsonArray("official").getJsonObject(0);
        long ts = timestamp(v);
        byte[] body = v.getString("payload").getBytes(StandardCharsets.UTF_8);
        String header = v.getString("expected_signature");

        assertDoesNotThrow(() -> at(v, ts + 300).verify(v.getString("msg_id"), String.valueOf(ts), header, body));
        assertDoesNotThrow(() -> at(v, ts - 300).verify(v.getString("msg_id"), String.valueOf(ts), header, body));
        InvalidSignatureException late = assertThrows(InvalidSignatureException.class,
                () -> at(v, ts + 301).verify(v.getString("msg_id"), String.valueOf(ts), header, body));
        assertThrows(InvalidSignatureException.class,
                () -> at(v, ts - 301).verify(v.getString("msg_id"), String.valueOf(ts), header, body));
        assertTrue(late.getMessage().contains("5 minutes"), late.getMessage());
    }

    @Test
    void verify_replayedSignatureOnAnotherBodyOrId_refused() {
        JsonObject v = VECTORS.getJsonArray("official").getJsonObject(0);
        WebhookSignature signature = at(v, timestamp(v));
        String ts = String.valueOf(timestamp(v));
        String header = v.getString("expected_signature");

        assertThrows(InvalidSignatureException.class, () -> signature.verify(v.getString("msg_id"), ts, header,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidSignatureException.class, () -> signature.verify("msg_other", ts, header,
                v.getString("payload").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verify_missingOrMalformedHeaders_refusedWithTheReason() {
        JsonObject v = VECTORS.getJsonArray("official").getJsonObject(0);
        WebhookSignature signature = at(v, timestamp(v));
        byte[] body = v.getString("payload").getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(timestamp(v));

        assertThrows(InvalidSignatureException.class, () -> signature.verify(null, ts, "v1,x", body));
        assertThrows(InvalidSignatureException.class, () -> signature.verify("msg", "", "v1,x", body));
        assertThrows(InvalidSignatureException.class, () -> signature.verify("msg", ts, " ", body));
        assertThrows(InvalidSignatureException.class, () -> signature.verify("msg", "soon", "v1,x", body));
        assertThrows(InvalidSignatureException.class,
                () -> signature.verify(v.getString("msg_id"), ts, "v1,%%%not-base64", body));
    }

    @Test
    void create_secretNotBase64_refusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebhookSignature("whsec_!!secret!!", Clock.systemUTC(), Duration.ofMinutes(5)));

        assertTrue(!e.getMessage().contains("!!secret!!"), e.getMessage());
    }
}
