package io.clerkcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static void assertInvalid(String body, String detail) {
        ProblemException e = assertThrows(ProblemException.class, () -> JsonBodies.parse(body));
        assertEquals(400, e.problem().status());
        assertEquals("urn:clerk-cache:problem:invalid-body", e.problem().type());
        assertTrue(e.problem().detail().contains(detail), e.problem().detail());
    }
}
