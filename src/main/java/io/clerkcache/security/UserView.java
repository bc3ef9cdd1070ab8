package io.clerkcache.security;

import java.util.Locale;

/** How much of a user's document a caller may read. */
public enum UserView {
    /** Nothing: the read is refused (403). */
    NONE,
    /** The public profile: the fields of {@code clerk.auth.public-profile-fields}. */
    PUBLIC_PROFILE,
    /** The whole document, without {@code private_metadata} unless that is configured to be served. */
    WHOLE;

    /** The configuration spelling: {@code none}, {@code public-profile}, {@code whole}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static UserView parse(String text) {
        for (UserView v : values()) {
            if (v.configName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        return null;
    }
}
