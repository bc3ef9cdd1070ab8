package io.clerkcache.users.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkUser;

class UserProjectionTest {

    @Test
    void apply_defaultExclusion_dropsPrivateMetadataOnly() {
        ClerkUser user = UserCacheFixtures.exampleUser();
        assertTrue(user.document().containsKey("private_metadata"), "the example user has private metadata");

        ClerkUser projected = new UserProjection(Set.of("private_metadata")).apply(user);

        assertFalse(projected.document().containsKey("private_metadata"));
        assertTrue(projected.document().containsKey("public_metadata"));
        assertTrue(projected.document().containsKey("email_addresses"));
    }

    @Test
    void apply_nothingToDrop_returnsTheSameUser() {
        ClerkUser user = UserCacheFixtures.exampleUser();

        assertSame(user, new UserProjection(Set.of()).apply(user));
    }

    @Test
    void create_excludingTheId_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UserProjection(Set.of("id")));
        assertThrows(IllegalArgumentException.class, () -> new UserProjection(Set.of("object")));
    }
}
