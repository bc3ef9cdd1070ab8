package io.clerkcache.simulator;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Builds realistic Clerk user documents (full {@code User} schema, like {@code user-example.json}) deterministically:
 * user number {@code index} of a given seed is always the same user, whatever was generated before, except that a
 * username already taken gets the index appended.
 */
final class SimulatedUserFactory {

    /** Looked up once: {@code Json.createXxx} repeats the provider lookup on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** 2024-01-01T00:00:00Z: users are created one hour apart from here, so {@code -created_at} lists newest first. */
    static final long EPOCH_START = 1_704_067_200_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final String[] FIRST_NAMES = {
        "Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Tim", "Barbara", "Dennis", "Frances",
        "Ken", "Radia", "Guido", "Hedy", "James", "Joan", "Bjarne", "Sophie", "Niklaus", "Karen",
        "Amara", "Mateo", "Yuki", "Priya", "Chidi", "Ingrid", "Luca", "Fatima", "Santiago", "Mei",
        "Olga", "Kwame", "Zoë", "José", "Aisha", "Björn", "Leila", "Ravi", "Elena", "Tomás",
    };
    private static final String[] LAST_NAMES = {
        "Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Berners-Lee", "Liskov", "Ritchie",
        "Allen", "Thompson", "Perlman", "van Rossum", "Lamarr", "Gosling", "Clarke", "Stroustrup", "Wilson",
        "Wirth", "Jones", "Okafor", "García", "Tanaka", "Sharma", "Eze", "Larsen", "Rossi", "Haddad", "López",
        "Chen", "Ivanova", "Mensah", "Dubois", "Fernández", "Khan", "Nilsson", "Rahimi", "Patel", "Popescu",
        "Silva",
    };
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example.com"};
    private static final String[] LOCALES = {"en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP"};
    private static final String[] DEPARTMENTS = {"engineering", "sales", "support", "research", "finance"};

    private final long seed;

    SimulatedUserFactory(long seed) {
        this.seed = seed;
    }

    /**
     * The user number {@code index}.
     *
     * @param usernameTaken whether a (lower-case) username is already in use
     */
    JsonObject create(int index, Predicate<String> usernameTaken) {
        Random r = new Random(mix(seed, index));
        String first = pick(r, FIRST_NAMES);
        String last = pick(r, LAST_NAMES);
        String username = ascii(first) + "_" + ascii(last);
        if (usernameTaken.test(username)) {
            username = username + "_" + index;
        }
        long createdAt = EPOCH_START + index * HOUR + r.nextInt((int) HOUR);
        long updatedAt = createdAt + (long) (r.nextDouble() * 90 * DAY);
        long lastSignIn = updatedAt - r.nextInt((int) DAY);
        String userId = "user_" + base62(r, 27);
        boolean hasImage = r.nextInt(10) < 7;
        String imageToken = base62(r, 40);

        String primaryEmailId = "idn_" + base62(r, 27);
        String email = username.replace('_', '.') + "@" + pick(r, DOMAINS);
        JsonArrayBuilder emails = JSON.createArrayBuilder()
                .add(emailAddress(primaryEmailId, email, "email_code", createdAt, r));

        JsonArrayBuilder externalAccounts = JSON.createArrayBuilder();
        if (r.nextInt(10) < 4) {
            boolean google = r.nextBoolean();
            String provider = google ? "oauth_google" : "oauth_github";
            String linkedEmailId = "idn_" + base62(r, 27);
            String linkedEmail = username.replace('_', '.') + (google ? "@gmail.example" : "@users.github.example");
            emails.add(JSON.createObjectBuilder(emailAddress(linkedEmailId, linkedEmail, "from_" + provider,
                    createdAt, r)).add("linked_to", JSON.createArrayBuilder()
                            .add(JSON.createObjectBuilder().add("type", provider).add("id", linkedEmailId))));
            externalAccounts.add(JSON.createObjectBuilder()
                    .add("object", "external_account")
                    .add("id", "eac_" + base62(r, 27))
                    .add("provider", provider)
                    .add("identification_id", linkedEmailId)
                    .add("provider_user_id", Long.toString(100_000_000_000L + r.nextInt(Integer.MAX_VALUE)))
                    .add("approved_scopes", google ? "email openid profile" : "read:user user:email")
                    .add("email_address", linkedEmail)
                    .add("email_address_verified", true)
                    .add("first_name", first)
                    .add("last_name", last)
                    .add("avatar_url", "https://avatars.example.com/" + imageToken.substring(0, 12) + ".png")
                    .add("image_url", "https://img.clerk.com/" + imageToken)
                    .add("username", google ? JsonValue.NULL : JSON.createValue(username.replace('_', '-')))
                    .add("phone_number", JsonValue.NULL)
                    .add("public_metadata", JsonValue.EMPTY_JSON_OBJECT)
                    .add("label", JsonValue.NULL)
                    .add("created_at", createdAt)
                    .add("updated_at", createdAt)
                    .add("verification", verification("verified", provider, null, createdAt + 600_000)));
        }

        JsonArrayBuilder phones = JSON.createArrayBuilder();
        String primaryPhoneId = null;
        if (r.nextInt(10) < 5) {
            primaryPhoneId = "idn_" + base62(r, 27);
            phones.add(JSON.createObjectBuilder()
                    .add("id", primaryPhoneId)
                    .add("object", "phone_number")
                    .add("phone_number", String.format(Locale.ROOT, "+1555555%04d", r.nextInt(10_000)))
                    .add("reserved_for_second_factor", false)
                    .add("default_second_factor", false)
                    .add("reserved", false)
                    .add("verification", verification("verified", "phone_code", 1, createdAt + 600_000))
                    .add("linked_to", JsonValue.EMPTY_JSON_ARRAY)
                    .add("backup_codes", JsonValue.NULL)
                    .add("created_at", createdAt + 60_000)
                    .add("updated_at", createdAt + 70_000));
        }

        JsonArrayBuilder passkeys = JSON.createArrayBuilder();
        if (r.nextInt(10) < 2) {
            passkeys.add(JSON.createObjectBuilder()
                    .add("id", "idn_" + base62(r, 27))
                    .add("object", "passkey")
                    .add("name", r.nextBoolean() ? "MacBook Touch ID" : "Android phone")
                    .add("last_used_at", lastSignIn)
                    .add("verification", verification("verified", "passkey", null, null)));
        }

        boolean mfa = primaryPhoneId != null && r.nextInt(3) == 0;
        int roleDraw = r.nextInt(100);
        JsonValue role = roleDraw < 70 ? JSON.createValue("member")
                : roleDraw < 90 ? JSON.createValue("expert")
                : roleDraw < 95 ? JSON.createValue("admin")
                : JSON.createArrayBuilder().add("expert").add("admin").build();
        JsonObjectBuilder publicMetadata = JSON.createObjectBuilder()
                .add("role", role)
                .add("department", pick(r, DEPARTMENTS));
        if (r.nextInt(4) == 0) {
            publicMetadata.add("plan", JSON.createObjectBuilder()
                    .add("tier", r.nextBoolean() ? "pro" : "team").add("seats", 1 + r.nextInt(20)));
        }

        return JSON.createObjectBuilder()
                .add("id", userId)
                .add("object", "user")
                .add("username", username)
                .add("first_name", first)
                .add("last_name", last)
                .add("locale", r.nextInt(4) == 0 ? JsonValue.NULL : JSON.createValue(pick(r, LOCALES)))
                .add("image_url", "https://img.clerk.com/" + imageToken)
                .add("has_image", hasImage)
                .add("profile_image_url", "https://images.clerk.dev/" + (hasImage ? "uploaded/img_" : "default/img_")
                        + imageToken.substring(0, 27))
                .add("primary_email_address_id", primaryEmailId)
                .add("primary_phone_number_id", primaryPhoneId == null ? JsonValue.NULL
                        : JSON.createValue(primaryPhoneId))
                .add("primary_web3_wallet_id", JsonValue.NULL)
                .add("password_enabled", r.nextInt(10) < 8)
                .add("two_factor_enabled", mfa)
                .add("totp_enabled", mfa && r.nextBoolean())
                .add("backup_code_enabled", mfa)
                .add("email_addresses", emails)
                .add("phone_numbers", phones)
                .add("web3_wallets", JsonValue.EMPTY_JSON_ARRAY)
                .add("passkeys", passkeys)
                .add("external_accounts", externalAccounts)
                .add("saml_accounts", JsonValue.EMPTY_JSON_ARRAY)
                .add("enterprise_accounts", JsonValue.EMPTY_JSON_ARRAY)
                .add("public_metadata", publicMetadata)
                .add("private_metadata", JSON.createObjectBuilder()
                        .add("crm_id", "crm_" + (10_000 + index)))
                .add("unsafe_metadata", JSON.createObjectBuilder().add("onboarding_complete", r.nextInt(10) < 9))
                .add("external_id", r.nextInt(5) == 0 ? JSON.createValue("legacy-" + index) : JsonValue.NULL)
                .add("last_sign_in_at", lastSignIn)
                .add("banned", false)
                .add("locked", false)
                .add("deprovisioned", false)
                .add("lockout_expires_in_seconds", JsonValue.NULL)
                .add("verification_attempts_remaining", 100)
                .add("mfa_enabled_at", mfa ? JSON.createValue(createdAt + DAY) : JsonValue.NULL)
                .add("mfa_disabled_at", JsonValue.NULL)
                .add("password_last_updated_at", createdAt)
                .add("created_at", createdAt)
                .add("updated_at", updatedAt)
                .add("delete_self_enabled", true)
                .add("create_organization_enabled", true)
                .add("create_organizations_limit", JsonValue.NULL)
                // Day precision, as Clerk documents.
                .add("last_active_at", lastSignIn - lastSignIn % DAY)
                .add("legal_accepted_at", createdAt)
                .add("bypass_client_trust", false)
                .build();
    }

    private static JsonObject emailAddress(String id, String address, String strategy, long createdAt, Random r) {
        boolean code = strategy.equals("email_code");
        return JSON.createObjectBuilder()
                .add("id", id)
                .add("object", "email_address")
                .add("email_address", address)
                .add("reserved", false)
                .add("verification", verification("verified", strategy, code ? 1 : null,
                        code ? createdAt + 600_000 : null))
                .add("linked_to", JsonValue.EMPTY_JSON_ARRAY)
                .add("matches_sso_connection", false)
                .add("created_at", createdAt)
                .add("updated_at", createdAt + r.nextInt(10_000))
                .build();
    }

    private static JsonObject verification(String status, String strategy, Integer attempts, Long expireAt) {
        return JSON.createObjectBuilder()
                .add("status", status)
                .add("strategy", strategy)
                .add("attempts", attempts == null ? JsonValue.NULL : JSON.createValue(attempts))
                .add("expire_at", expireAt == null ? JsonValue.NULL : JSON.createValue(expireAt))
                .build();
    }

    /** Lower-case ASCII letters of a name: "Zoë" → "zoe", "van Rossum" → "vanrossum". */
    private static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    static String base62(Random r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(BASE62.charAt(r.nextInt(BASE62.length())));
        }
        return s.toString();
    }

    /** SplitMix64 finalizer: neighbouring indexes get unrelated random streams. */
    private static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
