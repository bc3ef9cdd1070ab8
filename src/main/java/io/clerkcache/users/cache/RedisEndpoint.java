package io.clerkcache.users.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where and as whom to connect to Redis: {@code redis.url} taken apart (so that no credential stays inside the
 * address that the Redis client logs and puts into its error messages), with {@code redis.username},
 * {@code redis.password} and {@code redis.database} winning over what the URL says. TLS is the {@code rediss://}
 * scheme. {@link #toString()} shows neither the user name nor the password.
 *
 * @param address  {@code redis[s]://host:port} without credentials or path; empty with a config file only
 * @param username the ACL user, if any
 * @param password the password, if any; never log it
 * @param database the database index, if one was given
 */
public record RedisEndpoint(Optional<String> address, Optional<String> username, Optional<String> password,
        OptionalInt database) {

    private static final int DEFAULT_PORT = 6379;

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the key (and never showing the URL, which may carry a password)
     */
    static RedisEndpoint of(Optional<String> url, Optional<String> username, Optional<String> password,
            Optional<String> database) {
        Optional<String> address = Optional.empty();
        Optional<String> urlUser = Optional.empty();
        Optional<String> urlPassword = Optional.empty();
        OptionalInt urlDatabase = OptionalInt.empty();
        if (url.isPresent()) {
            URI uri;
            try {
                uri = new URI(url.get());
            } catch (URISyntaxException e) {
                throw invalidUrl("is not a URL");
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                throw invalidUrl("must start with redis:// or rediss://");
            }
            if (uri.getHost() == null) {
                throw invalidUrl("has no host");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw invalidUrl("must not have a query or fragment");
            }
            address = Optional.of(uri.getScheme() + "://" + uri.getHost() + ":"
                    + (uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT));
            String userInfo = uri.getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                urlUser = Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon)).filter(u -> !u.isEmpty());
                urlPassword = colon < 0 ? Optional.empty()
                        : Optional.of(userInfo.substring(colon + 1)).filter(p -> !p.isEmpty());
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/")) {
                try {
                    urlDatabase = OptionalInt.of(index(path.substring(1)));
                } catch (IllegalArgumentException e) {
                    throw invalidUrl("path must be a database index such as /2");
                }
            }
        }
        OptionalInt db = urlDatabase;
        if (database.isPresent()) {
            try {
                db = OptionalInt.of(index(database.get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("redis.database (env REDIS_DATABASE) must be a whole number of 0"
                        + " or more");
            }
        }
        return new RedisEndpoint(address, username.isPresent() ? username : urlUser,
                password.isPresent() ? password : urlPassword, db);
    }

    private static int index(String text) {
        int i = Integer.parseInt(text.strip());
        if (i < 0) {
            throw new IllegalArgumentException();
        }
        return i;
    }

    private static IllegalArgumentException invalidUrl(String problem) {
        return new IllegalArgumentException("redis.url (env REDIS_URL) " + problem + " (value not shown: it may"
                + " carry a password)");
    }

    /** Whether the connection is encrypted ({@code rediss://}). */
    public boolean tls() {
        return address.map(a -> a.startsWith("rediss://")).orElse(false);
    }

    @Override
    public String toString() {
        return address.map(a -> " " + a).orElse("")
                + database.stream().mapToObj(d -> ", database " + d).findFirst().orElse("")
                + (username.isPresent() ? ", ACL user" : "") + (password.isPresent() ? ", password set" : "");
    }
}
