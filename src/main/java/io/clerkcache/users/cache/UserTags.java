package io.clerkcache.users.cache;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.clerkcache.clerk.ClerkUser;

/**
 * The tags of a cached user, derived from the user itself: {@code role:<role>} for each role in
 * {@code public_metadata.role}, and {@code org:<organization id>} for each organization membership the document
 * carries ({@code organization_memberships[].organization.id}, present when Clerk includes memberships).
 */
public final class UserTags {

    /** A tag as {@code invalidateTag} accepts it: a known kind, a colon, then 1 to 128 safe characters. */
    private static final Pattern TAG = Pattern.compile("(role|org):[A-Za-z0-9_.:@+-]{1,128}");

    private UserTags() {
    }

    /** The tags of {@code user}; tags that would not be valid (a role with spaces, say) are left out. */
    public static Set<String> of(ClerkUser user) {
        Set<String> tags = new LinkedHashSet<>();
        for (String role : user.roles()) {
            add(tags, "role:" + role);
        }
        if (user.document().get("organization_memberships") instanceof jakarta.json.JsonArray memberships) {
            for (JsonValue m : memberships) {
                if (m instanceof JsonObject membership && membership.get("organization") instanceof JsonObject org
                        && org.get("id") instanceof JsonString id) {
                    add(tags, "org:" + id.getString());
                }
            }
        }
        return tags;
    }

    private static void add(Set<String> tags, String tag) {
        if (isValid(tag)) {
            tags.add(tag);
        }
    }

    /** Whether {@code tag} has the form {@code role:<role>} or {@code org:<id>} with safe characters. */
    public static boolean isValid(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }
}
