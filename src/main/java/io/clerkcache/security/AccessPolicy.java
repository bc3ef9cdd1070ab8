package io.clerkcache.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.clerkcache.config.Settings;

/**
 * Who may read what of a user, read once from MicroProfile Config; this class is the only reader of these keys, and
 * their defaults are its {@code DEFAULT_*} constants (the README's configuration table documents them). The rules
 * themselves are in {@link AccessRules}.
 *
 * <ul>
 * <li>{@code clerk.auth.users-see-others}: what a signed-in user who is not an admin reads of other users:
 * {@code none}, {@code public-profile} or {@code whole};</li>
 * <li>{@code clerk.auth.reader-keys-see}: what a {@code reader} API key reads, the same choices;</li>
 * <li>{@code clerk.auth.public-profile-fields}: the fields of a public profile ({@code id} is always one;
 * {@code private_metadata} may not be);</li>
 * <li>{@code clerk.auth.serve-private-metadata}: whether admins (admin users, admin API keys) get
 * {@code private_metadata} with whole documents; nobody else ever does.</li>
 * </ul>
 */
@ApplicationScoped
public class AccessPolicy {

    /** Default of {@code clerk.auth.users-see-others} and {@code clerk.auth.reader-keys-see}. */
    public static final UserView DEFAULT_VIEW = UserView.PUBLIC_PROFILE;
    /** Default public profile fields. */
    public static final List<String> DEFAULT_PUBLIC_PROFILE_FIELDS = List.of("id", "username", "first_name",
            "last_name", "image_url", "public_metadata");
    /** Default of {@code clerk.auth.serve-private-metadata}. */
    public static final boolean DEFAULT_SERVE_PRIVATE_METADATA = false;

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
        this(new Settings(config));
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the key of the first malformed setting
     */
    public AccessPolicy(Settings settings) {
        this.usersSeeOthers = view(settings, "clerk.auth.users-see-others");
        this.readerKeysSee = view(settings, "clerk.auth.reader-keys-see");
        this.publicProfileFields = fields(settings.list("clerk.auth.public-profile-fields",
                DEFAULT_PUBLIC_PROFILE_FIELDS));
        this.servePrivateMetadata = settings.bool("clerk.auth.serve-private-metadata",
                DEFAULT_SERVE_PRIVATE_METADATA);
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

    private static UserView view(Settings settings, String key) {
        UserView view = UserView.parse(settings.text(key, DEFAULT_VIEW.configName()));
        if (view == null) {
            throw Settings.invalid(key, "expected none, public-profile or whole");
        }
        return view;
    }

    private static List<String> fields(List<String> configured) {
        String key = "clerk.auth.public-profile-fields";
        Set<String> fields = new LinkedHashSet<>();
        fields.add("id");
        for (String field : configured) {
            if (!FIELD.matcher(field).matches()) {
                throw Settings.invalid(key, "field names are 1 to 64 lower-case letters, digits or '_'");
            }
            if (field.equals(UserViews.PRIVATE_METADATA)) {
                throw Settings.invalid(key, "private_metadata cannot be public (see"
                        + " clerk.auth.serve-private-metadata)");
            }
            fields.add(field);
        }
        return List.copyOf(fields);
    }
}
