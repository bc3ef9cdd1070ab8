package io.clerkcache.clerk;

/** The Backend API calls the client makes; the unit of call accounting in {@link ClerkCallStats}. */
public enum ClerkOperation {
    /** {@code GET /users/{id}}. */
    GET_USER("get user", true),
    /** {@code GET /users?user_id=...} (one request per chunk of at most 100 ids). */
    LIST_USERS_BY_ID("list users by id", true),
    /** {@code GET /users?username=...}. */
    LIST_USERS_BY_USERNAME("list users by username", true),
    /** {@code GET /users?order_by=-last_active_at&limit=..&offset=..}: one page of the most recently active users. */
    LIST_USERS_BY_LAST_ACTIVE("list users by last activity", true),
    /** {@code PATCH /users/{id}}: profile fields. */
    UPDATE_USER("update user", false),
    /** {@code PATCH /users/{id}/metadata}. */
    UPDATE_METADATA("update metadata", false),
    /** {@code DELETE /users/{id}}. */
    DELETE_USER("delete user", false),
    /** {@code GET /jwks}: the instance's keys for verifying session tokens. */
    GET_JWKS("get JWKS", true);

    private final String label;
    private final boolean idempotentRead;

    ClerkOperation(String label, boolean idempotentRead) {
        this.label = label;
        this.idempotentRead = idempotentRead;
    }

    /** A short human-readable name for messages. */
    public String label() {
        return label;
    }

    /** The operation as a metric tag: {@code get-user}, {@code list-users-by-id}, ... */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the call only reads, so that repeating it after a failure is harmless. */
    public boolean idempotentRead() {
        return idempotentRead;
    }
}
