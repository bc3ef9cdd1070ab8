package io.clerkcache.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.RSAKey;

/** The authentication and access settings: defaults, parsing, and refusals that name the key but no secret. */
class AuthConfigTest {

    private static final String KEY = "ck_live_4f9a1c0e7b2d46c8a3e5f1b0d9c87e6a";
    private static final String KEY_HASH = HexFormat.of().formatHex(ApiKeys.sha256(KEY));

    private static AuthConfig auth(Map<String, String> values) {
        return new AuthConfig(TestConfig.of(values));
    }

    private static IllegalArgumentException refused(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> auth(values));
    }

    @Test
    void defaults_jwksNoIssuerNoAzpFiveSecondsNoKeys() {
        AuthConfig config = auth(Map.of());

        assertTrue(config.jwtPublicKey().isEmpty());
        assertTrue(config.issuer().isEmpty());
        assertTrue(config.authorizedParties().isEmpty());
        assertEquals(Duration.ofSeconds(5), config.clockSkew());
        assertEquals(Duration.ofSeconds(30), config.jwksMinRefreshInterval());
        assertEquals(Duration.ofHours(1), config.jwksMaxAge());
        assertTrue(config.apiKeys().isEmpty());
    }

    @Test
    void apiKeys_wellFormed_parsedWithRoles() {
        String other = HexFormat.of().formatHex(ApiKeys.sha256("another key"));
        AuthConfig config = auth(Map.of("clerk.auth.api-keys", " billing:admin:" + KEY_HASH.toUpperCase()
                + " , search:reader:" + other + ","));

        assertEquals(List.of("billing", "search"), config.apiKeys().stream().map(AuthConfig.ApiKeyHash::name)
                .toList());
        assertEquals(List.of("admin", "reader"), config.apiKeys().stream().map(AuthConfig.ApiKeyHash::role)
                .toList());
        assertArrayEquals(ApiKeys.sha256(KEY), config.apiKeys().get(0).sha256());
    }

    @Test
    void apiKeys_malformed_refusedNamingTheKeyNeverTheValue() {
        for (String value : List.of("billing:admin", "billing:owner:" + KEY_HASH, "billing:admin:" + KEY,
                "bill ing:admin:" + KEY_HASH, "a:admin:" + KEY_HASH + ",a:reader:"
                        + HexFormat.of().formatHex(ApiKeys.sha256("x")),
                "a:admin:" + KEY_HASH + ",b:reader:" + KEY_HASH)) {
            IllegalArgumentException e = refused(Map.of("clerk.auth.api-keys", value));

            assertTrue(e.getMessage().contains("clerk.auth.api-keys") && e.getMessage().contains("CLERK_AUTH_API_KEYS"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(KEY_HASH), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
    }

    @Test
    void apiKeys_match_rightKeyGivesItsCallerWrongKeyNothing() {
        ApiKeys keys = new ApiKeys(auth(Map.of("clerk.auth.api-keys", "billing:admin:" + KEY_HASH)));

        assertEquals(Optional.of(new Caller.ApiKey("billing", "admin")), keys.match(KEY));
        assertTrue(keys.match(KEY + "x").isEmpty());
        assertTrue(keys.match(KEY_HASH).isEmpty(), "the hash itself is not a key");
        assertTrue(keys.match("").isEmpty());
    }

    @Test
    void publicKey_pem_readWithOrWithoutEscapedLineBreaks() {
        RSAKey key = TestTokens.newKey("k");
        String pem = TestTokens.pem(key);

        assertEquals(key.getModulus(), auth(Map.of("clerk.auth.jwt-public-key", pem)).jwtPublicKey().orElseThrow()
                .getModulus());
        assertEquals(key.getModulus(), auth(Map.of("clerk.auth.jwt-public-key", pem.replace("\n", "\\n")))
                .jwtPublicKey().orElseThrow().getModulus());
    }

    @Test
    void publicKey_notAnRsaPublicKey_refused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String ecPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String smallPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";

        for (String value : List.of("not a key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
                ecPem, smallPem)) {
            assertTrue(refused(Map.of("clerk.auth.jwt-public-key", value)).getMessage()
                    .contains("clerk.auth.jwt-public-key"));
        }
    }

    @Test
    void times_outOfRange_refused() {
        assertTrue(refused(Map.of("clerk.auth.clock-skew", "10m")).getMessage().contains("clerk.auth.clock-skew"));
        assertTrue(refused(Map.of("clerk.auth.jwks-max-age", "10s")).getMessage().contains("clerk.auth.jwks-max-age"));
        assertTrue(refused(Map.of("clerk.auth.jwks-min-refresh-interval", "soon")).getMessage()
                .contains("clerk.auth.jwks-min-refresh-interval"));
    }

    @Test
    void issuerAndParties_trimmedAndSplit() {
        AuthConfig config = auth(Map.of("clerk.auth.issuer", " https://clerk.example.com ",
                "clerk.auth.authorized-parties", "https://a.example.com, https://b.example.com,,"));

        assertEquals(Optional.of("https://clerk.example.com"), config.issuer());
        assertEquals(Set.of("https://a.example.com", "https://b.example.com"), config.authorizedParties());
    }

    @Test
    void toString_namesKeysButNoHashes() {
        String text = auth(Map.of("clerk.auth.api-keys", "billing:admin:" + KEY_HASH)).toString();

        assertTrue(text.contains("billing (admin)"), text);
        assertFalse(text.contains(KEY_HASH), text);
    }

    @Test
    void accessPolicy_defaultsAndValues() {
        AccessPolicy defaults = new AccessPolicy(TestConfig.of(Map.of()));
        AccessPolicy custom = new AccessPolicy(TestConfig.of(Map.of("clerk.auth.users-see-others", "none",
                "clerk.auth.reader-keys-see", "whole", "clerk.auth.public-profile-fields", "username, has_image",
                "clerk.auth.serve-private-metadata", "true")));

        assertEquals(UserView.PUBLIC_PROFILE, defaults.usersSeeOthers());
        assertEquals(UserView.PUBLIC_PROFILE, defaults.readerKeysSee());
        assertEquals(AccessPolicy.DEFAULT_PUBLIC_PROFILE_FIELDS, defaults.publicProfileFields());
        assertFalse(defaults.servePrivateMetadata());
        assertEquals(UserView.NONE, custom.usersSeeOthers());
        assertEquals(UserView.WHOLE, custom.readerKeysSee());
        assertEquals(List.of("id", "username", "has_image"), custom.publicProfileFields());
        assertTrue(custom.servePrivateMetadata());
    }

    @Test
    void accessPolicy_malformed_refusedNamingTheKey() {
        for (Map<String, String> values : List.of(Map.of("clerk.auth.users-see-others", "all"),
                Map.of("clerk.auth.public-profile-fields", "username,private_metadata"),
                Map.of("clerk.auth.public-profile-fields", "user name"),
                Map.of("clerk.auth.serve-private-metadata", "yes"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new AccessPolicy(TestConfig.of(values)));
            assertTrue(e.getMessage().contains(values.keySet().iterator().next()), e.getMessage());
        }
    }
}
