package io.clerkcache.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link ServerSettings} in WildFly: system properties of the server ({@code /system-property=...}), which every
 * deployment's MicroProfile Config reads (ordinal 400), added in one CLI batch through the management interface and
 * removed the same way. WildFly applies them at once; deployments made afterwards see them.
 */
final class WildFlyServerSettings implements ServerSettings {

    private final Map<String, String> settings;

    private WildFlyServerSettings(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** Adds {@code settings} as system properties of the running test server. */
    static WildFlyServerSettings apply(Map<String, String> settings) {
        StringBuilder batch = new StringBuilder("batch\n");
        settings.forEach((k, v) -> batch.append("/system-property=").append(k).append(":add(value=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\")\n"));
        run(batch.append("run-batch\n").toString());
        return new WildFlyServerSettings(settings);
    }

    @Override
    public void close() {
        StringBuilder batch = new StringBuilder("batch\n");
        settings.keySet().forEach(k -> batch.append("/system-property=").append(k).append(":remove\n"));
        run(batch.append("run-batch\n").toString());
    }

    private static void run(String commands) {
        try {
            Path file = Files.createTempFile("server-settings", ".cli");
            try {
                Files.writeString(file, commands, StandardCharsets.UTF_8);
                String out = WildFlyServer.cli("--connect", "--controller=localhost:"
                        + ServerEndpoints.required("it.wildfly.management.port"), "--file=" + file);
                if (!out.contains("The batch executed successfully")) {
                    throw new IllegalStateException("WildFly did not take the settings: " + out);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
