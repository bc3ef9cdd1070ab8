package io.clerkcache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI description the server serves at {@code /openapi} for the service (turned on for this class by
 * {@link OpenApiSwitch}): its title, version and description, every endpoint of the HTTP API with each error status it
 * can answer as a problem document, the schemas of users, batches and problems, the bearer scheme, and no trace of the
 * demo simulator, whose resources this deployment (in demo mode) does serve.
 *
 * <p>{@link #OPERATIONS} is the contract: an endpoint added to the API is documented (annotations on its resource
 * method, shared responses in {@code META-INF/openapi.yaml}) and listed there with its statuses.
 */
@ExtendWith(OpenApiSwitch.class)
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    /** Errors of every operation that reads or changes users: authentication, role, input, caller limit, Clerk. */
    private static final Set<Integer> USER_ERRORS = Set.of(400, 401, 403, 429, 500, 502, 503);
    /** Errors of every cache operation: authentication, admin role (a user's may need Clerk), the cache. */
    private static final Set<Integer> CACHE_ERRORS = Set.of(401, 403, 429, 500, 502, 503);

    /** Method and path of each operation, its success status and its error statuses. */
    private static final Map<String, Expected> OPERATIONS = new LinkedHashMap<>();

    static {
        expect("GET /api/users/{id}", 200, USER_ERRORS, 404);
        expect("GET /api/users/by-username/{username}", 200, USER_ERRORS, 404);
        expect("POST /api/users/batch", 200, USER_ERRORS, 413, 415);
        expect("PATCH /api/users/{id}/metadata", 200, USER_ERRORS, 404, 413, 415, 422);
        expect("PUT /api/users/{id}/roles", 200, USER_ERRORS, 404, 413, 415, 422);
        expect("PATCH /api/users/{id}", 200, USER_ERRORS, 404, 413, 415, 422);
        expect("DELETE /api/users/{id}", 204, USER_ERRORS, 404, 422);
        expect("DELETE /api/cache/users/{id}", 204, CACHE_ERRORS, 400);
        expect("DELETE /api/cache/users", 204, CACHE_ERRORS);
        expect("DELETE /api/cache/tags/{tag}", 200, CACHE_ERRORS, 400);
        expect("GET /api/cache/stats", 200, CACHE_ERRORS);
        expect("POST /api/cache/warm", 200, CACHE_ERRORS, 400, 413, 415);
        expect("GET /api/cache/warm", 200, CACHE_ERRORS);
        expect("POST /api/webhooks/clerk", 200, Set.of(400, 401, 409, 413, 500, 503));
        expect("GET /api/ping", 204, Set.of(401, 500, 502, 503));
    }

    /** Operations that need no bearer token. */
    private static final Set<String> OPEN = Set.of("POST /api/webhooks/clerk");

    private ServerEndpoints server;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-openapi", Map.of());
    }

    @BeforeEach
    void connectToTheServer() {
        server = new ServerEndpoints();
    }

    @Test
    void info_titleVersionOfTheBuildAndDescription() {
        JsonObject info = openApi().getJsonObject("info");

        assertEquals("clerk-cache", info.getString("title"));
        assertEquals(builtVersion(), info.getString("version"), "the project version, as Maven stamped it in the WAR");
        assertTrue(info.getString("description", "").contains("Clerk"), info::toString);
    }

    @Test
    void paths_everyOperationOfTheApiAndNoOther() {
        JsonObject doc = openApi();

        Set<String> documented = new TreeSet<>(operations(doc).keySet());

        Set<String> undocumented = new TreeSet<>(OPERATIONS.keySet());
        undocumented.removeAll(documented);
        Set<String> unexpected = new TreeSet<>(documented);
        unexpected.removeAll(OPERATIONS.keySet());
        assertTrue(undocumented.isEmpty(), () -> "not documented: " + undocumented);
        assertTrue(unexpected.isEmpty(), () -> "documented but not in OPERATIONS (add them with their statuses): "
                + unexpected);
    }

    @Test
    void paths_noSimulator() {
        JsonObject doc = openApi();

        doc.getJsonObject("paths").keySet()
                .forEach(path -> assertFalse(path.contains("simulator"), "a simulator path: " + path));
        doc.getJsonArray("tags").getValuesAs(JsonObject.class)
                .forEach(tag -> assertFalse(tag.getString("name").contains("simulator"), tag::toString));
    }

    @Test
    void responses_eachOperationItsSuccessAndEveryErrorStatusAsAProblem() {
        JsonObject doc = openApi();
        Map<String, JsonObject> operations = operations(doc);

        List<String> wrong = new ArrayList<>();
        OPERATIONS.forEach((name, expected) -> {
            JsonObject operation = operations.get(name);
            if (operation == null) {
                wrong.add(name + ": not documented");
                return;
            }
            JsonObject responses = operation.getJsonObject("responses");
            if (!responses.keySet().iterator().next().equals(Integer.toString(expected.success()))) {
                wrong.add(name + ": the first response is not " + expected.success() + ": " + responses.keySet());
            }
            Set<Integer> errors = responses.keySet().stream().filter(code -> !code.startsWith("2"))
                    .map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
            if (!errors.equals(new TreeSet<>(expected.errors()))) {
                wrong.add(name + ": error statuses " + errors + ", expected " + new TreeSet<>(expected.errors()));
            }
            for (Integer status : errors) {
                JsonObject response = resolve(doc, responses.getJsonObject(status.toString()));
                String problem = problemSchemaOf(response);
                if (!PROBLEM_SCHEMA.equals(problem)) {
                    wrong.add(name + " " + status + ": content " + response.get("content") + ", not a problem");
                }
                Set<String> headers = headersOf(response);
                if ((status == 429 || status == 503 || status == 409) && !headers.contains("Retry-After")) {
                    wrong.add(name + " " + status + ": no Retry-After header");
                }
                if (status == 401 && !OPEN.contains(name) && !headers.contains("WWW-Authenticate")) {
                    wrong.add(name + " 401: no WWW-Authenticate header");
                }
                if (response.getString("description", "").isBlank()) {
                    wrong.add(name + " " + status + ": no description");
                }
            }
        });
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
    }

    @Test
    void security_bearerEverywhereButTheWebhook() {
        JsonObject doc = openApi();
        JsonObject scheme = doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");

        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        operations(doc).forEach((name, operation) -> {
            JsonArray security = operation.containsKey("security") ? operation.getJsonArray("security")
                    : doc.getJsonArray("security");
            if (OPEN.contains(name) && TestServer.current().publishesEmptySecurityRequirements()) {
                assertEquals(JsonValue.EMPTY_JSON_ARRAY, security, name);
            } else if (OPEN.contains(name)) { // WildFly: no security of its own (docs/wildfly.md)
                assertFalse(operation.containsKey("security"), name);
            } else {
                assertEquals(Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("bearer", JsonValue.EMPTY_JSON_ARRAY)).build(), security, name);
            }
        });
    }

    @Test
    void schemas_usersBatchesBodiesAndProblems() {
        JsonObject doc = openApi();
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");

        JsonObject user = schemas.getJsonObject("User");
        assertTrue(user.getJsonObject("properties").keySet().containsAll(Set.of("id", "username", "first_name",
                "last_name", "image_url", "email_addresses", "public_metadata", "created_at", "updated_at")),
                user::toString);
        assertEquals(JsonValue.TRUE, user.get("additionalProperties"), "Clerk's other fields are passed on");
        assertEquals(Set.of("users", "missing"), schemas.getJsonObject("BatchResponse").getJsonObject("properties")
                .keySet());
        assertEquals(Set.of("type", "title", "status", "detail"), schemas.getJsonObject("Problem")
                .getJsonObject("properties").keySet());
        assertEquals(List.of("type", "title", "status"), strings(schemas.getJsonObject("Problem").getJsonArray(
                "required")));
        Map<String, String> bodies = Map.of(
                "POST /api/users/batch", "BatchRequest",
                "PATCH /api/users/{id}/metadata", "MetadataPatch",
                "PUT /api/users/{id}/roles", "RolesRequest",
                "PATCH /api/users/{id}", "ProfilePatch",
                "POST /api/webhooks/clerk", "WebhookEvent");
        Map<String, JsonObject> operations = operations(doc);
        bodies.forEach((name, schema) -> {
            JsonObject body = operations.get(name).getJsonObject("requestBody");
            assertEquals("#/components/schemas/" + schema, body.getJsonObject("content")
                    .getJsonObject("application/json").getJsonObject("schema").getString("$ref"), name);
            assertTrue(body.getBoolean("required", false), name);
            assertTrue(schemas.containsKey(schema), schema);
        });
        JsonObject userResponse = resolve(doc, operations.get("GET /api/users/{id}").getJsonObject("responses")
                .getJsonObject("200"));
        assertEquals("#/components/schemas/User", userResponse.getJsonObject("content")
                .getJsonObject("application/json").getJsonObject("schema").getString("$ref"));
    }

    @Test
    void validation_serverReportsNoErrorOrWarning() throws IOException {
        openApi();
        Path log = TestServer.current().log();

        List<String> reported = Files.readAllLines(log).stream().filter(TestServer.current()::isOpenApiProblem).toList();
        assertTrue(reported.isEmpty(), () -> TestServer.current().name() + "'s OpenAPI validation, see " + log + ": "
                + reported);
    }

    @Test
    void references_everyOneResolves() {
        JsonObject doc = openApi();
        Set<String> refs = new TreeSet<>();
        collectRefs(doc, refs);

        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            JsonValue target = doc;
            for (String part : ref.substring(2).split("/")) {
                assertTrue(target instanceof JsonObject o && o.containsKey(part), () -> "unresolved " + ref);
                target = ((JsonObject) target).get(part);
            }
        }
    }

    private JsonObject openApi() {
        HttpResponse<String> r = server.get(ServerEndpoints.http("/openapi?format=JSON"));
        assertEquals(200, r.statusCode(), r::body);
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return withoutContextRoot(reader.readObject(), "/it-openapi");
        }
    }

    /**
     * The document with its paths as the application declares them: WildFly writes this deployment's context root
     * in front of each ({@code /it-openapi/api/...}; none for the service deployed at {@code /}), Liberty does not.
     */
    private static JsonObject withoutContextRoot(JsonObject doc, String contextRoot) {
        JsonObject paths = doc.getJsonObject("paths");
        if (paths == null) {
            return doc;
        }
        var relative = Json.createObjectBuilder();
        paths.forEach((path, item) -> relative.add(path.startsWith(contextRoot + "/")
                ? path.substring(contextRoot.length()) : path, item));
        return Json.createObjectBuilder(doc).add("paths", relative).build();
    }

    /** "METHOD path" to operation, paths as the application declares them (without the context root). */
    private static Map<String, JsonObject> operations(JsonObject doc) {
        Map<String, JsonObject> operations = new TreeMap<>();
        doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(method)) {
                operations.put(method.toUpperCase(Locale.ROOT) + " " + path, operation.asJsonObject());
            }
        }));
        return operations;
    }

    /** The object itself, or the component its {@code $ref} names. */
    private static JsonObject resolve(JsonObject doc, JsonObject maybeRef) {
        if (!maybeRef.containsKey("$ref")) {
            return maybeRef;
        }
        JsonValue target = doc;
        for (String part : maybeRef.getString("$ref").substring(2).split("/")) {
            target = target.asJsonObject().get(part);
            if (target == null) {
                fail("unresolved " + maybeRef);
            }
        }
        return target.asJsonObject();
    }

    /** The {@code $ref} of the response's problem schema, if it has exactly that one content. */
    private static String problemSchemaOf(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content == null || !content.keySet().equals(Set.of(PROBLEM_JSON))) {
            return null;
        }
        JsonObject schema = content.getJsonObject(PROBLEM_JSON).getJsonObject("schema");
        return schema == null ? null : schema.getString("$ref", null);
    }

    private static Set<String> headersOf(JsonObject response) {
        JsonObject headers = response.getJsonObject("headers");
        return headers == null ? Set.of() : headers.keySet();
    }

    private static void collectRefs(JsonValue value, Set<String> refs) {
        if (value instanceof JsonObject o) {
            o.forEach((key, v) -> {
                if (key.equals("$ref") && v instanceof JsonString s) {
                    refs.add(s.getString());
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (value instanceof JsonArray a) {
            a.forEach(v -> collectRefs(v, refs));
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** The version Maven wrote into the WAR under test ({@code META-INF/maven/.../pom.properties}). */
    private static String builtVersion() {
        try (ZipFile war = new ZipFile(System.getProperty("it.war"))) {
            ZipEntry entry = war.getEntry("META-INF/maven/io.clerkcache/clerk-cache/pom.properties");
            assertTrue(entry != null, "the WAR has no pom.properties");
            Properties pom = new Properties();
            try (InputStream in = war.getInputStream(entry)) {
                pom.load(in);
            }
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(String operation, int success, Set<Integer> common, Integer... more) {
        Set<Integer> errors = new TreeSet<>(common);
        errors.addAll(List.of(more));
        OPERATIONS.put(operation, new Expected(success, errors));
    }

    private record Expected(int success, Set<Integer> errors) {
    }
}
