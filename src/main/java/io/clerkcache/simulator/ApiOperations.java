package io.clerkcache.simulator;

import java.util.Locale;
import java.util.Set;

/** The Backend API operations the simulator knows, by method and path, as its statistics name them. */
final class ApiOperations {

    /** The operations under Clerk's per-user write limit. */
    private static final Set<String> USER_WRITES = Set.of("PATCH /users/{id}", "PATCH /users/{id}/metadata",
            "DELETE /users/{id}");

    private ApiOperations() {
    }

    /** The operation name used in statistics, e.g. {@code GET /users/{id}}; {@code other} for unknown routes. */
    static String of(String method, String path) {
        String[] s = path.replaceAll("^/+|/+$", "").split("/");
        String m = method.toUpperCase(Locale.ROOT);
        if (s.length == 1 && s[0].equals("users") && m.equals("GET")) {
            return "GET /users";
        }
        if (s.length == 1 && s[0].equals("jwks") && m.equals("GET")) {
            return "GET /jwks";
        }
        if (s.length == 2 && s[0].equals("users")) {
            if (s[1].equals("count") && m.equals("GET")) {
                return "GET /users/count";
            }
            if (m.equals("GET") || m.equals("PATCH") || m.equals("DELETE")) {
                return m + " /users/{id}";
            }
        }
        if (s.length == 3 && s[0].equals("users") && s[2].equals("metadata") && m.equals("PATCH")) {
            return "PATCH /users/{id}/metadata";
        }
        return "other";
    }

    /** Whether {@code operation} counts against the per-user write limit of the user in its path. */
    static boolean isUserWrite(String operation) {
        return USER_WRITES.contains(operation);
    }
}
