package io.clerkcache.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@link ServerSettings} in Liberty: {@code <variable>} elements in a {@code configDropins/overrides} file of the test
 * server, which MicroProfile Config reads as a source of ordinal 500 (as it reads {@code server.xml} variables); the
 * file is written, then the test waits until the server logs that it applied its configuration again.
 */
final class LibertyServerSettings implements ServerSettings {

    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(60);
    private static final String CONFIG_UPDATED = "CWWKG0017I";
    private static final String CONFIG_UNCHANGED = "CWWKG0018I";

    private final Path file;

    private LibertyServerSettings(Path file) {
        this.file = file;
    }

    /** Sets {@code settings} in the running test server and returns once the server applied them. */
    static LibertyServerSettings apply(String name, Map<String, String> settings) {
        Path overrides = serverDir().resolve("configDropins/overrides");
        Path file = overrides.resolve(name + ".xml");
        StringBuilder xml = new StringBuilder("<server>\n");
        settings.forEach((k, v) -> xml.append("    <variable name=\"").append(escape(k)).append("\" value=\"")
                .append(escape(v)).append("\"/>\n"));
        xml.append("</server>\n");
        try {
            Files.createDirectories(overrides);
            long mark = logLength();
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            awaitConfigurationApplied(mark);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LibertyServerSettings(file);
    }

    /** Removes the settings again and waits until the server applied that. */
    @Override
    public void close() {
        try {
            long mark = logLength();
            if (Files.deleteIfExists(file)) {
                awaitConfigurationApplied(mark);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitConfigurationApplied(long fromOffset) throws IOException {
        Instant deadline = Instant.now().plus(APPLY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String added = logSince(fromOffset);
            if (added.contains(CONFIG_UPDATED) || added.contains(CONFIG_UNCHANGED)) {
                return;
            }
            try {
                Thread.sleep(100); // polling the log with a deadline: the server gives no other signal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the server did not apply its configuration within " + APPLY_TIMEOUT
                + " (no " + CONFIG_UPDATED + " in " + messagesLog() + ")");
    }

    private static long logLength() throws IOException {
        Path log = messagesLog();
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private static String logSince(long offset) throws IOException {
        Path log = messagesLog();
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = all.length < offset ? 0 : (int) offset; // rolled over: read the new file whole
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private static Path messagesLog() {
        return serverDir().resolve("logs/messages.log");
    }

    private static Path serverDir() {
        String dir = System.getProperty("it.server.dir");
        if (dir == null) {
            throw new IllegalStateException("system property it.server.dir is not set: run through failsafe");
        }
        return Path.of(dir);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
