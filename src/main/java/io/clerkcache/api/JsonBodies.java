package io.clerkcache.api;

import java.io.StringReader;

import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
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
