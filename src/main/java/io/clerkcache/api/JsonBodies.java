package io.clerkcache.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/**
 * Parses request bodies, which are untrusted: any failure is a 400 problem ({@code invalid-body}), never a 500.
 * Nesting is checked first with the streaming parser, which builds nothing and does not recurse: building a tree from
 * a body nested 100,000 levels deep makes JSON-P implementations throw unchecked exceptions of their own (Parsson: a
 * {@code RuntimeException} beyond its depth limit of 1000) or overflow the stack.
 */
final class JsonBodies {

    /** Deepest nesting accepted in a request body; the API's bodies need 2. */
    static final int MAX_DEPTH = 16;
    /** A body larger than this is refused unread (1000 ids of 32 characters take about 35 KiB). */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonBodies() {
    }

    /**
     * The JSON object or array in {@code text}.
     *
     * @throws ProblemException 400 {@code invalid-body} if it is not JSON, is a bare value, or is nested deeper than
     *                          {@value #MAX_DEPTH} levels
     */
    static JsonStructure parse(String text) {
        checkDepth(text);
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.read();
        } catch (RuntimeException notJson) { // JsonException, IllegalStateException, or the parser's own
            throw invalid("the body is not a JSON object or array");
        }
    }

    /**
     * The body as text, read up to {@value #MAX_BODY_BYTES} bytes.
     *
     * @throws ProblemException 413 {@code body-too-large} beyond that, 400 {@code invalid-body} if it is empty or
     *                          cannot be read
     */
    static String readBounded(InputStream body) {
        if (body == null) {
            throw invalid("the body is empty");
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ProblemException(Problem.of("body-too-large", "Request body too large", 413,
                        "a request body may have at most " + MAX_BODY_BYTES + " bytes"));
            }
            if (bytes.length == 0) {
                throw invalid("the body is empty");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid("the body could not be read");
        }
    }

    /**
     * The ids of a body {@code {"ids":["user_...", ...]}} (a batch, a warming), as sent: not yet checked as ids.
     *
     * @throws ProblemException as {@link #readBounded} and {@link #parse}, or 400 {@code invalid-body} for another
     *                          shape
     */
    static List<String> readIds(InputStream body) {
        JsonStructure json = parse(readBounded(body));
        if (!(json instanceof JsonObject o)) {
            throw invalid("expected {\"ids\":[\"user_...\", ...]}");
        }
        return strings(o, "ids", "expected {\"ids\":[\"user_...\", ...]}");
    }

    /** The strings of the array {@code field} of {@code body}; a 400 problem saying {@code expected} otherwise. */
    static List<String> strings(JsonObject body, String field, String expected) {
        if (!(body.get(field) instanceof JsonArray array)) {
            throw invalid(expected);
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw invalid("every element of " + field + " must be a string");
            }
            values.add(s.getString());
        }
        return values;
    }

    private static void checkDepth(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw invalid("the body is nested deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        // values and keys: nothing to count
                    }
                }
            }
        } catch (ProblemException tooDeep) {
            throw tooDeep;
        } catch (RuntimeException notJson) {
            throw invalid("the body is not JSON");
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of("invalid-body", "Invalid request body", 400, detail));
    }
}
