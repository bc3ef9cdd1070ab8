package io.clerkcache.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Instance B on Liberty ({@link SecondServer}): a second Liberty server for tests that need two instances of the service (instance B). It is a server of the same
 * unpacked runtime as Arquillian's ({@code it.wlp.dir}), named {@code it.b.server.name}, whose directory the build
 * prepares from {@code src/test/liberty/instance-b} with the ports {@code it.b.http.port} and {@code it.b.https.port}.
 *
 * <p>The server runs in the foreground ({@code server run}) under a small shell that stops it when the shell's
 * standard input, a pipe from this JVM, reaches its end: on {@link #close()}, and also when this JVM ends in any way,
 * even killed, so that no run leaves a Liberty process behind.
 */
final class LibertySecondServer implements SecondServer {

    static final int HTTPS_PORT = Integer.getInteger("it.b.https.port", 9544);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /*
     * $0 is the server script, $1 the server name. Liberty runs in the background (an asynchronous command's standard
     * input is /dev/null); a subshell reads the shell's own standard input, kept as fd 3, until its end and then sends
     * SIGTERM, which Liberty answers with an orderly stop. The shell ends when the server does, so the Process this
     * class holds is alive exactly as long as the server.
     */
    private static final String WATCHDOG = String.join("\n",
            "\"$0\" run \"$1\" &",
            "server=$!",
            "trap 'kill \"$server\" 2>/dev/null' TERM INT HUP",
            "exec 3<&0",
            "(while read -r line <&3; do :; done; kill \"$server\" 2>/dev/null) &",
            "watcher=$!",
            "wait \"$server\"",
            "rc=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit $rc");

    private final Path wlp;
    private final String name;
    private final Path serverDir;
    private Process process;

    private LibertySecondServer(Path wlp, String name) {
        this.wlp = wlp;
        this.name = name;
        this.serverDir = wlp.resolve("usr").resolve("servers").resolve(name);
    }

    /** Instance B as the build configured it (failsafe's system properties). */
    static LibertySecondServer instanceB() {
        String wlp = System.getProperty("it.wlp.dir");
        String name = System.getProperty("it.b.server.name");
        if (wlp == null || name == null) {
            throw new IllegalStateException("system properties it.wlp.dir and it.b.server.name are not set: run"
                    + " through failsafe");
        }
        LibertySecondServer server = new LibertySecondServer(Path.of(wlp), name);
        if (!Files.isRegularFile(server.serverDir.resolve("server.xml"))) {
            throw new IllegalStateException("no server.xml in " + server.serverDir + ": the build's it-server-b"
                    + " execution prepares it");
        }
        return server;
    }

    /** Puts an application into the server's dropins, where it is deployed when the server starts. */
    @Override
    public void deploy(WebArchive war) {
        Path dropins = serverDir.resolve("dropins");
        try {
            Files.createDirectories(dropins);
            try (Stream<Path> old = Files.list(dropins)) {
                for (Path p : old.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.as(ZipExporter.class).exportTo(dropins.resolve(war.getName()).toFile(), true);
    }

    /**
     * Starts the server and waits until {@code readyPath} (relative to the server's root, e.g.
     * {@code app/api/cache/stats}) answers 200 to the admin API key.
     *
     * @return how long the start took, until that answer
     */
    @Override
    public Duration start(String readyPath) {
        if (process != null) {
            throw new IllegalStateException(name + " is already started");
        }
        refuseBusyPort(HTTP_PORT, "it.b.http.port");
        refuseBusyPort(HTTPS_PORT, "it.b.https.port");
        long began = System.nanoTime();
        try {
            Path logs = Files.createDirectories(serverDir.resolve("logs"));
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", WATCHDOG,
                    wlp.resolve("bin").resolve("server").toString(), name))
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("console.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            // B serves a few requests, so C2's compilations only compete for the CPU with its start (and with A):
            // with the client compiler alone B was ready in about half the time on a busy 2-core machine
            env.merge("JVM_ARGS", "-XX:TieredStopAtLevel=1", (given, ours) -> given + " " + ours);
            env.remove("WLP_USER_DIR");
            env.remove("WLP_OUTPUT_DIR");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Liberty server " + name, e);
        }
        try {
            awaitReady(readyPath);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private void awaitReady(String readyPath) {
        Http http = new Http(SecondServer.url("http://localhost:" + HTTP_PORT + "/"));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Liberty server " + name + " ended with exit code "
                        + process.exitValue() + " before " + readyPath + " answered\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.get(readyPath);
                lastStatus = r.statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // the HTTP endpoint opens late in the start
            }
            sleep(200);
        }
        throw new IllegalStateException("Liberty server " + name + ": " + readyPath + " did not answer 200 within "
                + START_TIMEOUT.toSeconds() + " s (last status " + lastStatus + ")\n" + logTail());
    }

    /** Stops the server (an orderly stop, forced after a minute) and waits for its process to end. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close(); // the watchdog's signal
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** A leftover server (of a killed run, or another build's instance B) would answer in this one's place. */
    private void refuseBusyPort(int port, String property) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 500);
        } catch (IOException free) {
            return;
        }
        throw new IllegalStateException("port " + port + " of Liberty server " + name + " is in use (another build,"
                + " or a leftover server: ps -ef | grep " + name + "); choose another with -D" + property + "=...");
    }

    private String logTail() {
        for (String file : List.of("messages.log", "console.log")) {
            Path log = serverDir.resolve("logs").resolve(file);
            if (Files.isRegularFile(log)) {
                try {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    return "last lines of " + log + ":\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
                } catch (IOException e) {
                    return "(cannot read " + log + ": " + e + ")";
                }
            }
        }
        return "(no log in " + serverDir.resolve("logs") + ")";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
