package io.clerkcache.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.clerk.ClerkConfig;

/**
 * Who may read what of a user, read once from MicroProfile Config. The rules themselves are in {@link AccessRules}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code clerk.auth.users-see-others}</td><td>{@code public-profile}</td><td>what a signed-in user who is
 * not an admin reads of other users: {@code none}, {@code public-profile} or {@code whole}</td></tr>
 * <tr><td>{@code clerk.auth.reader-keys-see}</td><td>{@code public-profile}</td><td>what a {@code reader} API key
 * reads: {@code none}, {@code public-profile} or {@code whole}</td></tr>
 * <tr><td>{@code clerk.auth.public-profile-fields}</td><td>{@code id,username,first_name,last_name,image_url,
 * public_metadata}</td><td>the fields of a public profile ({@code id} is always one; {@code private_metadata} may not
 * be)</td></tr>
 * <tr><td>{@code clerk.auth.serve-private-metadata}</td><td>{@code false}</td><td>whether admins (admin users, admin
 * API keys) get {@code private_metadata} with whole documents; nobody else ever does</td></tr>
 * </table>
 */
@ApplicationScoped
public class AccessPolicy {

    /** Default public profile fields. */
    public static final List<String> DEFAULT_PUBLIC_PROFILE_FIELDS = List.of("id", "username", "first_name",
            "last_name", "image_url", "public_metadata");

    private static final Pattern FIELD = Pattern.compile("[a-z0-9_]{1,64}");

    private UserView usersSeeOthers;
    private UserView readerKeysSee;
    private List<String> publicProfileFields;
    private boolean servePrivateMetadata;

    /** For the CDI proxy only. */
    protected AccessPolicy() {
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    @Inject
    public AccessPolicy(Config config) {
        this.usersSeeOthers = view(config, "clerk.auth.users-see-others");
        this.readerKeysSee = view(config, "clerk.auth.reader-keys-see");
        this.publicProfileFields = config.getOptionalValue("clerk.auth.public-profile-fields", String.class)
                .map(AccessPolicy::fields).orElse(DEFAULT_PUBLIC_PROFILE_FIELDS);
        String serve = config.getOptionalValue("clerk.auth.serve-private-metadata", String.class).orElse("false")
                .strip();
        if (!serve.equals("true") && !serve.equals("false")) {
            throw ClerkConfig.invalid("clerk.auth.serve-private-metadata", "expected true or false");
        }
        this.servePrivateMetadata = Boolean.parseBoolean(serve);
    }

    /** {@code clerk.auth.users-see-others}. */
    public UserView usersSeeOthers() {
        return usersSeeOthers;
    }

    /** {@code clerk.auth.reader-keys-see}. */
    public UserView readerKeysSee() {
        return readerKeysSee;
    }

    /** {@code clerk.auth.public-profile-fields}, {@code id} first. */
    public List<String> publicProfileFields() {
        return publicProfileFields;
    }

    /** {@code clerk.auth.serve-private-metadata}. */
    public boolean servePrivateMetadata() {
        return servePrivateMetadata;
    }

    @Override
    public String toString() {
        return "AccessPolicy[users see others: " + usersSeeOthers.configName() + ", reader keys see: "
                + readerKeysSee.configName() + ", public profile " + publicProfileFields + ", private_metadata "
                + (servePrivateMetadata ? "served to admins" : "never served") + "]";
    }

    private static UserView view(Config config, String key) {
        String text = config.getOptionalValue(key, String.class).orElse(UserView.PUBLIC_PROFILE.configName());
        UserView view = UserView.parse(text);
        if (view == null) {
            throw ClerkConfig.invalid(key, "expected none, public-profile or whole");
        }
        return view;
    }

    private static List<String> fields(String text) {
        String key = "clerk.auth.public-profile-fields";
        Set<String> fields = new LinkedHashSet<>();
        fields.add("id");
        for (String part : text.split(",")) {
            String field = part.strip();
            if (field.isEmpty()) {
                continue;
            }
            if (!FIELD.matcher(field).matches()) {
                throw ClerkConfig.invalid(key, "field names are 1 to 64 lower-case letters, digits or '_'");
            }
            if (field.equals(UserViews.PRIVATE_METADATA)) {
                throw ClerkConfig.invalid(key, "private_metadata cannot be public (see"
                        + " clerk.auth.serve-private-metadata)");
            }
            fields.add(field);
        }
        return List.copyOf(fields);
    }
}
