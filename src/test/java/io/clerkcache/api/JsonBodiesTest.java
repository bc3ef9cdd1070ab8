package io.clerkcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** Request bodies are untrusted: whatever they hold, parsing them ends in a value or a 400 problem. */
class JsonBodiesTest {

    @Test
    void parse_arraysNested100000Deep_400NotAStackOverflowOrA500() {
        String body = "{\"ids\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertInvalid(body, "nested deeper than 16");
    }

    @Test
    void parse_objectsNested100000DeepAndUnclosed_400() {
        assertInvalid("{\"a\":".repeat(100_000), "nested deeper than 16");
    }

    @Test
    void parse_sixteenLevels_acceptedSeventeenRefused() {
        assertTrue(JsonBodies.parse("[".repeat(16) + "]".repeat(16)) != null);
        assertInvalid("[".repeat(17) + "]".repeat(17), "nested deeper than 16");
    }

    @Test
    void parse_notJsonOrBareValueOrTrailingGarbage_400() {
        for (String body : new String[] {"{", "{\"ids\":[}", "not json", "\"ids\"", "42", "{} {}", "{\"a\":1,}"}) {
            ProblemException e = assertThrows(ProblemException.class, () -> JsonBodies.parse(body), body);
            assertEquals(400, e.problem().status(), body);
            assertEquals("urn:clerk-cache:problem:invalid-body", e.problem().type(), body);
        }
    }

    @Test
    void parse_batchBody_theObject() {
        JsonObject body = (JsonObject) JsonBodies.parse("{\"ids\":[\"user_a\",\"user_b\"]}");

        assertEquals(2, body.getJsonArray("ids").size());
    }

    @Test
    void readIds_idsBody_theStringsAsSent() {
        assertEquals(List.of("user_a", "not an id"),
                JsonBodies.readIds(stream("{\"ids\":[\"user_a\",\"not an id\"]}")));
    }

    @Test
    void readIds_otherShapesOrEmpty_400() {
        for (String body : new String[] {"[]", "{\"id\":[]}", "{\"ids\":\"user_a\"}", "{\"ids\":[1]}", ""}) {
            ProblemException e = assertThrows(ProblemException.class, () -> JsonBodies.readIds(stream(body)), body);
            assertEquals(400, e.problem().status(), body);
            assertEquals("urn:clerk-cache:problem:invalid-body", e.problem().type(), body);
        }
    }

    @Test
    void readBounded_oneByteOverTheLimit_413UnparsedAtTheLimitRead() {
        String atLimit = " ".repeat(JsonBodies.MAX_BODY_BYTES);

        assertEquals(atLimit, JsonBodies.readBounded(stream(atLimit)));
        ProblemException e = assertThrows(ProblemException.class, () -> JsonBodies.readBounded(stream(atLimit + " ")));
        assertEquals(413, e.problem().status());
        assertEquals("urn:clerk-cache:problem:body-too-large", e.problem().type());
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalid(String body, String detail) {
        ProblemException e = assertThrows(ProblemException.class, () -> JsonBodies.parse(body));
        assertEquals(400, e.problem().status());
        assertEquals("urn:clerk-cache:problem:invalid-body", e.problem().type());
        assertTrue(e.problem().detail().contains(detail), e.problem().detail());
    }
}
