package io.clerkcache.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.users.UserDirectory;

/**
 * Who reads what, decided from the user directory's data (memo, cache, then Clerk), in a real container against the
 * simulator over HTTP. Each test starts from an empty cache and counts the requests Clerk received.
 */
class AccessRulesWeldTest {

    private static SecurityContainer app;
    private static String adminId;
    private static String memberId;
    private static String otherId;

    private AccessRules access;
    private UserDirectory directory;

    @BeforeAll
    static void boot() {
        // the cache keeps every field here, so that these tests see what the access rules themselves strip
        app = new SecurityContainer(Map.of("clerk.cache.excluded-fields", "none"));
        adminId = app.simulator().usersWithRole("admin", 1).get(0).getString("id");
        List<String> members = app.simulator().userIds().stream()
                .filter(id -> !ClerkUser.of(app.simulator().user(id)).hasRole("admin")).toList();
        memberId = members.get(0);
        otherId = members.get(1);
    }

    @AfterAll
    static void shutdown() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void emptyCache() {
        access = app.get(AccessRules.class);
        directory = app.get(UserDirectory.class);
        directory.invalidateAll();
    }

    private static Caller.User user(String id) {
        return new Caller.User(id, "sess_test");
    }

    private JsonObject clerkDocument(String id) {
        return app.simulator().user(id);
    }

    private JsonObject render(Caller caller, String id) {
        return app.inRequest(caller, () -> access.render(caller, directory.byId(id).orElseThrow()));
    }

    @Test
    void render_userReadingSelf_wholeDocumentWithoutPrivateMetadata() {
        JsonObject seen = render(user(memberId), memberId);

        assertTrue(clerkDocument(memberId).containsKey("private_metadata"), "the simulator's users have some");
        assertFalse(seen.containsKey("private_metadata"));
        assertEquals(clerkDocument(memberId).keySet().size() - 1, seen.keySet().size());
        assertEquals(clerkDocument(memberId).get("email_addresses"), seen.get("email_addresses"));
    }

    @Test
    void render_userReadingAnother_publicProfileOnly() {
        JsonObject seen = render(user(memberId), otherId);

        assertEquals(List.of("id", "username", "first_name", "last_name", "image_url", "public_metadata"),
                List.copyOf(seen.keySet()));
        for (String field : seen.keySet()) {
            assertEquals(clerkDocument(otherId).get(field), seen.get(field), field);
        }
    }

    @Test
    void render_adminUserReadingAnother_wholeDocumentWithoutPrivateMetadata() {
        JsonObject seen = render(user(adminId), otherId);

        assertFalse(seen.containsKey("private_metadata"));
        assertEquals(clerkDocument(otherId).get("email_addresses"), seen.get("email_addresses"));
        assertEquals(clerkDocument(otherId).keySet().size() - 1, seen.keySet().size());
    }

    @Test
    void render_privateMetadataConfigured_servedToAdminsOnly() {
        AccessPolicy serving = new AccessPolicy(TestConfig.of(Map.of("clerk.auth.serve-private-metadata", "true")));
        AccessRules rules = new AccessRules(directory, app.get(CurrentCaller.class), serving);

        JsonObject byAdmin = app.inRequest(user(adminId), () -> rules.render(user(adminId),
                directory.byId(otherId).orElseThrow()));
        JsonObject byAdminKey = rules.render(new Caller.ApiKey("ops", "admin"), directory.byId(otherId).orElseThrow());
        JsonObject bySelf = app.inRequest(user(memberId), () -> rules.render(user(memberId),
                directory.byId(memberId).orElseThrow()));

        assertEquals(clerkDocument(otherId), byAdmin);
        assertEquals(clerkDocument(otherId), byAdminKey);
        assertFalse(bySelf.containsKey("private_metadata"), "Clerk never shows it to the user either");
    }

    @Test
    void render_apiKeys_readerPublicProfileAdminWhole() {
        ClerkUser other = directory.byId(otherId).orElseThrow();

        JsonObject byReader = access.render(new Caller.ApiKey("search", "reader"), other);
        JsonObject byAdmin = access.render(new Caller.ApiKey("ops", "admin"), other);

        assertEquals(UserViews.publicProfile(other, AccessPolicy.DEFAULT_PUBLIC_PROFILE_FIELDS), byReader);
        assertFalse(byReader.containsKey("email_addresses"));
        assertEquals(UserViews.withoutPrivateMetadata(other), byAdmin);
    }

    @Test
    void render_othersHiddenByConfiguration_deniedButSelfWhole() {
        AccessPolicy hidden = new AccessPolicy(TestConfig.of(Map.of("clerk.auth.users-see-others", "none")));
        AccessRules rules = new AccessRules(directory, app.get(CurrentCaller.class), hidden);
        ClerkUser other = directory.byId(otherId).orElseThrow();

        app.inRequest(user(memberId), () -> {
            assertEquals(UserView.NONE, rules.viewOf(user(memberId), otherId));
            assertThrows(AccessDeniedException.class, () -> rules.render(user(memberId), other));
            assertEquals(UserView.WHOLE, rules.viewOf(user(memberId), memberId));
            assertEquals(UserView.WHOLE, rules.viewOf(user(adminId), otherId), "admins still read everyone");
            return null;
        });
    }

    @Test
    void hasRole_callerCachedByAnEarlierRequest_noClerkCall() {
        app.inRequest(user(adminId), () -> directory.byId(adminId)); // an earlier request of this caller
        int before = app.clerkRequests();

        boolean admin = app.inRequest(user(adminId), () -> access.hasRole(adminId, AccessRules.ADMIN));
        boolean expert = app.inRequest(user(adminId), () -> access.hasRole(adminId, "expert"));

        assertTrue(admin);
        assertEquals(ClerkUser.of(clerkDocument(adminId)).hasRole("expert"), expert);
        assertEquals(before, app.clerkRequests(), "role checks of a cached caller must not call Clerk");
    }

    @Test
    void hasRole_uncachedCaller_oneClerkCallForEveryCheckOfTheRequest() {
        int before = app.clerkRequests();

        app.inRequest(user(adminId), () -> {
            assertTrue(access.isAdmin(user(adminId)));
            assertTrue(access.hasRole(adminId, AccessRules.ADMIN));
            access.render(user(adminId), directory.byId(otherId).orElseThrow());
            return null;
        });

        assertEquals(before + 2, app.clerkRequests(), "one for the caller, one for the user read");
    }

    @Test
    void hasRole_unknownUser_none() {
        assertFalse(access.hasRole("user_000000000000000000000000000", AccessRules.ADMIN));
    }

    @Test
    void requireAnyRole_byCaller() {
        assertThrows(NotAuthenticatedException.class,
                () -> app.inRequest(null, () -> { access.requireAnyRole(AccessRules.ADMIN); return null; }));
        assertThrows(AccessDeniedException.class, () -> app.inRequest(new Caller.ApiKey("search", "reader"),
                () -> { access.requireAnyRole(AccessRules.ADMIN); return null; }));
        assertThrows(AccessDeniedException.class, () -> app.inRequest(user(memberId),
                () -> { access.requireAnyRole(AccessRules.ADMIN); return null; }));
        String memberRole = ClerkUser.of(clerkDocument(memberId)).roles().get(0);

        app.inRequest(user(memberId), () -> { access.requireAnyRole(AccessRules.ADMIN, memberRole); return null; });
        app.inRequest(user(adminId), () -> { access.requireAnyRole(AccessRules.ADMIN); return null; });
        app.inRequest(new Caller.ApiKey("ops", "admin"), () -> { access.requireAnyRole(AccessRules.ADMIN); return null; });
        app.inRequest(new Caller.ApiKey("search", "reader"), () -> { access.requireAnyRole(); return null; });
    }

    @Test
    void currentCaller_setForTheRequestOnly() {
        assertEquals(user(memberId), app.inRequest(user(memberId), () -> access.currentCaller().orElseThrow()));
        assertTrue(app.inRequest(null, () -> access.currentCaller().isEmpty()));
    }
}
