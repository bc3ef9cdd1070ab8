package io.clerkcache.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Instance B on WildFly ({@link SecondServer}): the same distribution ({@code it.wildfly.home}) with a base directory
 * of its own next to the integration-test server's, holding a fresh copy of that server's configuration, every port
 * moved by {@code it.wildfly.b.port-offset}. The application goes into its {@code deployments} directory, which WildFly
 * deploys at start.
 *
 * <p>As for Liberty, a small shell runs the server and stops it (SIGTERM, which {@code standalone.sh} passes on when
 * {@code LAUNCH_JBOSS_IN_BACKGROUND} is set) when its standard input, a pipe from this JVM, reaches its end: on
 * {@link #close()}, and when this JVM ends in any way.
 */
final class WildFlySecondServer implements SecondServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /* $0 standalone.sh, $1 the base directory, $2 the port offset */
    private static final String WATCHDOG = String.join("\n",
            "\"$0\" -c standalone-microprofile.xml --stability=community -Djboss.server.base.dir=\"$1\""
                    + " -Djboss.socket.binding.port-offset=\"$2\" &",
            "server=$!",
            "trap 'kill \"$server\" 2>/dev/null' TERM INT HUP",
            "exec 3<&0",
            "(while read -r line <&3; do :; done; kill \"$server\" 2>/dev/null) &",
            "watcher=$!",
            "wait \"$server\"",
            "rc=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit $rc");

    private final Path home;
    private final Path baseDir;
    private final String portOffset;
    private Process process;

    private WildFlySecondServer(Path home, Path baseDir, String portOffset) {
        this.home = home;
        this.baseDir = baseDir;
        this.portOffset = portOffset;
    }

    /** Instance B as the build configured it: a fresh base directory beside the integration-test server's. */
    static WildFlySecondServer instanceB() {
        Path a = WildFlyServer.baseDir();
        Path b = a.resolveSibling(a.getFileName() + "-b");
        try {
            deleteTree(b);
            copyTree(a.resolve("configuration"), b.resolve("configuration"));
            // A's configuration lists what Arquillian deployed into A (content of A's data directory): not B's
            Path xml = b.resolve("configuration").resolve("standalone-microprofile.xml");
            Files.writeString(xml, Files.readString(xml).replaceAll("(?s)<deployments>.*</deployments>", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare instance B's base directory " + b, e);
        }
        return new WildFlySecondServer(Path.of(ServerEndpoints.required("it.wildfly.home")), b,
                ServerEndpoints.required("it.wildfly.b.port-offset"));
    }

    @Override
    public void deploy(WebArchive war) {
        try {
            Path deployments = Files.createDirectories(baseDir.resolve("deployments"));
            war.as(ZipExporter.class).exportTo(deployments.resolve(war.getName()).toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Duration start(String readyPath) {
        if (process != null) {
            throw new IllegalStateException("instance B is already started");
        }
        refuseBusyPort(HTTP_PORT);
        long began = System.nanoTime();
        try {
            Path log = Files.createDirectories(baseDir.resolve("log")).resolve("console.log");
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", WATCHDOG,
                    home.resolve("bin").resolve("standalone.sh").toString(), baseDir.toString(), portOffset))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
            // as Liberty's instance B: the client compiler alone, B serves a few requests
            env.put("JAVA_OPTS", "-Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true"
                    + " -Djava.awt.headless=true");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start WildFly instance B", e);
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
                throw new IllegalStateException("WildFly instance B ended with exit code " + process.exitValue()
                        + " before " + readyPath + " answered\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.get(readyPath);
                lastStatus = r.statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // the HTTP listener opens late in the start
            }
            sleep(200);
        }
        throw new IllegalStateException("WildFly instance B: " + readyPath + " did not answer 200 within "
                + START_TIMEOUT.toSeconds() + " s (last status " + lastStatus + ")\n" + logTail());
    }

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

    private static void refuseBusyPort(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 500);
        } catch (IOException free) {
            return;
        }
        throw new IllegalStateException("port " + port + " of WildFly instance B is in use (another build, or a"
                + " leftover server); choose other ports with -Dit.wildfly.b.port-offset=... and it.wildfly.b.*");
    }

    private String logTail() {
        Path log = baseDir.resolve("log").resolve("server.log");
        if (!Files.isRegularFile(log)) {
            log = baseDir.resolve("log").resolve("console.log");
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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
