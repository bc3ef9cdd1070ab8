package io.clerkcache.clerk;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Syntax checks for Clerk identifiers, shared by the client and the HTTP layer so that a malformed value is rejected
 * before any upstream call.
 */
public final class ClerkIds {

    /** {@code user_} followed by base62 characters; Clerk's ids carry 27 today, the bounds leave room for change. */
    private static final Pattern USER_ID = Pattern.compile("user_[0-9A-Za-z]{20,40}");

    /**
     * Letters, digits, {@code _}, {@code -} and {@code .}, 1 to 64 characters. Clerk's default username rule is 4 to 64
     * characters of letters, digits, {@code _} and {@code -}, but an instance can lower the minimum length and the
     * Backend API spec puts no pattern on {@code username} (its own example user is {@code ada.lovelace}); rejecting a
     * name Clerk accepts would make a real user unreachable, so this check is deliberately the looser one.
     */
    private static final Pattern USERNAME = Pattern.compile("[0-9A-Za-z_.-]{1,64}");

    private ClerkIds() {
    }

    /** Whether {@code id} looks like a Clerk user id ({@code user_} + base62). {@code null} is not valid. */
    public static boolean isValidUserId(String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    /** Whether {@code username} is syntactically a Clerk username. {@code null} is not valid. */
    public static boolean isValidUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    /**
     * The form in which usernames are compared and used as cache keys: {@code toLowerCase(Locale.ROOT)}. Clerk keeps
     * usernames unique without regard to case; {@code equalsIgnoreCase} is not the same relation (it folds the dotless
     * {@code ı} onto {@code i}, for one), and the default locale's lower case differs between servers.
     */
    public static String usernameKey(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** Whether two usernames are the same for Clerk (equal {@link #usernameKey} forms); {@code null} matches nothing. */
    public static boolean sameUsername(String a, String b) {
        return a != null && b != null && usernameKey(a).equals(usernameKey(b));
    }

    /**
     * Returns {@code id} if it is a valid user id.
     *
     * @throws IllegalArgumentException naming the bad value otherwise
     */
    public static String requireValidUserId(String id) {
        if (!isValidUserId(id)) {
            throw new IllegalArgumentException("Not a Clerk user id: " + abbreviate(id));
        }
        return id;
    }

    /**
     * Returns {@code username} if it is a valid username.
     *
     * @throws IllegalArgumentException naming the bad value otherwise
     */
    public static String requireValidUsername(String username) {
        if (!isValidUsername(username)) {
            throw new IllegalArgumentException("Not a Clerk username: " + abbreviate(username));
        }
        return username;
    }

    // Bad input may be huge or contain control characters; keep log lines and messages readable.
    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
