package io.clerkcache.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the integration-test deployments: the service's own WAR, as {@code mvn package} built it, plus a
 * configuration jar whose {@code microprofile-config.properties} outranks every other source. Each deployment runs in
 * demo mode (switched on here, explicitly) with its own simulator (Clerk, played over real HTTP) under its own context
 * root, and its own cache key prefix, and accepts the admin API key {@link Http#ADMIN_KEY}.
 */
final class Deployments {

    static final int PORT = TestServer.current().httpPort();

    private Deployments() {
    }

    /**
     * @param name   the archive name, which is also the context root
     * @param config configuration for this deployment (on top of the test defaults)
     */
    static WebArchive war(String name, Map<String, String> config) {
        String war = System.getProperty("it.war");
        if (war == null) {
            throw new IllegalStateException("system property it.war (the built WAR) is not set: run through failsafe");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("config_ordinal", "500");
        // Demo mode is never the default: these deployments play Clerk with their own simulator, so they say so.
        all.put("clerk.demo-mode", "true");
        all.put("clerk.simulator.url", "http://127.0.0.1:" + PORT + "/" + name + "/simulator/v1");
        all.put("clerk.simulator.users", "600");
        all.put("clerk.cache.key-prefix", "it:" + name + ":" + UUID.randomUUID() + ":");
        all.put("clerk.auth.api-keys", "it-admin:admin:" + sha256Hex(Http.ADMIN_KEY));
        all.putAll(config);
        StringBuilder props = new StringBuilder();
        all.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));

        JavaArchive configJar = ShrinkWrap.create(JavaArchive.class, "it-config.jar")
                .addAsManifestResource(new StringAsset(props.toString()), "microprofile-config.properties");
        return ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(new File(war)).as(WebArchive.class)
                .addAsLibrary(configJar);
    }

    /** The form {@code clerk.auth.api-keys} takes a key in. */
    static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
