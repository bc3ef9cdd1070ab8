package io.clerkcache.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication and access over HTTP in Liberty: session tokens minted by the deployment's simulator (verified
 * against its JWKS, with issuer and authorized party configured), API keys of both roles, the rules on the user and
 * cache endpoints, and {@code @RequiresRole} on a resource of another module. Each test counts the calls Clerk (the
 * simulator) received.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT extends DeploymentClient {

    static final String READER_KEY = "ck_it_reader_8e2a6c4f0b9d47a1c3e5f7b9d1a3c5e7";
    private static final Set<String> PUBLIC_PROFILE = Set.of("id", "username", "first_name", "last_name", "image_url",
            "public_metadata");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("it-security", Map.of(
                "clerk.auth.api-keys", "it-admin:admin:" + Deployments.sha256Hex(Http.ADMIN_KEY)
                        + ",it-reader:reader:" + Deployments.sha256Hex(READER_KEY),
                "clerk.auth.issuer", "https://clerk.simulator.invalid",
                "clerk.auth.authorized-parties", "http://localhost:3000"))
                .addClasses(ExpertsOnlyResource.class, ExpertsModuleApplication.class);
    }

    private String memberId;
    private String otherId;

    @BeforeEach
    void pickUsersAndEmptyCaches() {
        List<String> members = clerk.userIdsWithRole("member", 2);
        memberId = members.get(0);
        otherId = members.get(1);
        assertEquals(204, http.delete("api/cache/users").statusCode());
        clerk.resetStats();
    }

    private Http member() {
        return http.as(clerk.sessionToken(memberId));
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertEquals(status, r.statusCode(), r::body);
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("urn:clerk-cache:problem:" + type, Http.object(r).getString("type"));
    }

    @Test
    void noCredentials_401WithBearerChallengeAndNoClerkCall() {
        Http anonymous = http.anonymous();

        for (HttpResponse<String> r : List.of(anonymous.get("api/users/" + otherId),
                anonymous.get("api/users/by-username/ada"),
                anonymous.post("api/users/batch", CachingContract.idsBody(List.of(otherId))),
                anonymous.get("api/cache/stats"), anonymous.delete("api/cache/users"),
                anonymous.get("api/ping"), anonymous.get("no/such/path"))) {
            assertProblem(r, 401, "authentication-required");
            assertEquals("Bearer realm=\"clerk-cache\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        }
        assertEquals(0, clerk.calls());
    }

    @Test
    void badCredentials_401InvalidTokenAndNoClerkCall() {
        String valid = clerk.sessionToken(memberId);
        assertEquals(200, http.as(valid).get("api/users/" + memberId).statusCode()); // the key set is now known
        clerk.resetStats();
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "A." + parts[2];

        for (String bearer : List.of("nonsense", READER_KEY + "x", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", tampered,
                valid.substring(0, valid.length() - 4))) {
            HttpResponse<String> r = http.as(bearer).get("api/users/" + otherId);
            assertProblem(r, 401, "invalid-credentials");
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""),
                    r.headers()::toString);
        }
        assertEquals(0, clerk.calls());
    }

    @Test
    void userReadingSelf_wholeDocumentWithoutPrivateMetadata() {
        HttpResponse<String> r = member().get("api/users/" + memberId);

        assertEquals(200, r.statusCode(), r::body);
        JsonObject self = Http.object(r);
        assertTrue(self.containsKey("email_addresses"));
        assertTrue(self.containsKey("unsafe_metadata"));
        assertFalse(self.containsKey("private_metadata"));
    }

    @Test
    void userReadingAnother_publicProfileOnly_byIdByUsernameAndInBatches() {
        Http member = member();
        JsonObject byId = Http.object(member.get("api/users/" + otherId));
        String username = byId.getString("username");

        assertEquals(PUBLIC_PROFILE, byId.keySet());
        assertEquals(PUBLIC_PROFILE, Http.object(member.get("api/users/by-username/" + username)).keySet());
        List<JsonObject> batch = Http.object(member.post("api/users/batch",
                CachingContract.idsBody(List.of(memberId, otherId)))).getJsonArray("users")
                .getValuesAs(JsonObject.class);
        assertTrue(batch.get(0).containsKey("email_addresses"), "the caller's own entry is whole");
        assertEquals(PUBLIC_PROFILE, batch.get(1).keySet());
    }

    @Test
    void adminUser_wholeDocumentsWithoutPrivateMetadataAndTheCacheOperations() {
        Http admin = http.as(clerk.sessionToken(clerk.userIdsWithRole("admin", 1).get(0)));

        JsonObject other = Http.object(admin.get("api/users/" + otherId));
        HttpResponse<String> stats = admin.get("api/cache/stats");

        assertTrue(other.containsKey("email_addresses"));
        assertFalse(other.containsKey("private_metadata"));
        assertEquals(200, stats.statusCode(), stats::body);
        assertEquals(204, admin.delete("api/cache/users/" + otherId).statusCode());
    }

    @Test
    void memberOrReaderKey_cacheOperations403() {
        assertProblem(member().get("api/cache/stats"), 403, "forbidden");
        assertProblem(http.as(READER_KEY).delete("api/cache/users"), 403, "forbidden");
    }

    @Test
    void ping_anyCredential204_noLookup() {
        assertEquals(200, member().get("api/users/" + otherId).statusCode()); // the key set is now known
        clerk.resetStats();

        for (Http caller : List.of(member(), http.as(READER_KEY), http)) {
            HttpResponse<String> r = caller.get("api/ping");
            assertEquals(204, r.statusCode(), r::body);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        }
        assertProblem(http.as(READER_KEY + "x").get("api/ping"), 401, "invalid-credentials");
        assertEquals(0, clerk.calls(), "a ping looks nothing up");
    }

    @Test
    void apiKeys_readerGetsPublicProfilesAdminWholeDocuments() {
        JsonObject byReader = Http.object(http.as(READER_KEY).get("api/users/" + otherId));
        JsonObject byAdmin = Http.object(http.get("api/users/" + otherId));

        assertEquals(PUBLIC_PROFILE, byReader.keySet());
        assertTrue(byAdmin.containsKey("email_addresses"));
        assertFalse(byAdmin.containsKey("private_metadata"));
    }

    @Test
    void cachedCaller_laterRequestsCallClerkForNothing() {
        Http member = member();
        HttpResponse<String> first = member.get("api/users/" + otherId);
        clerk.resetStats();

        HttpResponse<String> second = member.get("api/users/" + otherId);
        HttpResponse<String> stats = member.get("api/cache/stats");

        assertEquals(200, second.statusCode(), second::body);
        assertEquals(first.body(), second.body());
        assertEquals("0", second.headers().firstValue("Clerk-Cache-Upstream-Lookups").orElseThrow());
        assertEquals(403, stats.statusCode());
        assertEquals(0, clerk.calls(), "the role checks read the caller from the cache");
    }

    @Test
    void requiresRoleOnAnotherModulesResource_rolesFromTheCachedUser() {
        String expertId = clerk.userIdsWithRole("expert", 1).get(0);
        Http expert = http.as(clerk.sessionToken(expertId));

        HttpResponse<String> asExpert = expert.get("it/experts");

        assertEquals(200, asExpert.statusCode(), asExpert::body);
        assertEquals(expertId + " Bearer", asExpert.body());
        assertProblem(member().get("it/experts"), 403, "forbidden");
        assertProblem(http.get("it/experts"), 403, "forbidden"); // no admin shortcut: the key's role is admin
        assertProblem(http.anonymous().get("it/experts"), 401, "authentication-required");
        assertEquals("true " + expertId, expert.get("it/experts/in-role?role=expert").body());
        assertEquals("false " + memberId, member().get("it/experts/in-role?role=expert").body());
        assertEquals("true api-key:it-admin", http.get("it/experts/in-role?role=admin").body());
    }
}
