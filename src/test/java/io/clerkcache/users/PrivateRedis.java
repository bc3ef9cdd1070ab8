package io.clerkcache.users;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@code redis-server} of the test's own on a free port (no persistence), for settings the shared Redis does not
 * have: a password, an ACL user, TLS with a certificate made for the test by {@code openssl}.
 */
final class PrivateRedis implements AutoCloseable {

    static final String ACL_USER = "cache";
    static final String ACL_PASSWORD = "S3cr3t-acl-pw-7f1c";
    static final String ROOT_PASSWORD = "S3cr3t-root-pw-9e2d";

    private final Process process;
    private final int port;
    private final Path dir;

    private PrivateRedis(List<String> extra, boolean tls) throws IOException {
        String server = binary("redis-server");
        dir = Files.createTempDirectory("private-redis");
        port = freePort();
        List<String> command = new ArrayList<>(List.of(server, "--bind", "127.0.0.1", "--save", "", "--appendonly",
                "no", "--dir", dir.toString()));
        if (tls) {
            String openssl = binary("openssl");
            run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", dir.resolve("key.pem").toString(),
                    "-out", dir.resolve("cert.pem").toString());
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
                    dir.resolve("cert.pem").toString(), "--tls-key-file", dir.resolve("key.pem").toString(),
                    "--tls-ca-cert-file", dir.resolve("cert.pem").toString(), "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        command.addAll(extra);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        awaitListening();
    }

    /** A server whose default user needs {@link #ROOT_PASSWORD} and with an ACL user {@link #ACL_USER}. */
    static PrivateRedis withPasswords() throws IOException {
        return new PrivateRedis(List.of("--requirepass", ROOT_PASSWORD, "--user", ACL_USER, "on", ">" + ACL_PASSWORD,
                "~*", "&*", "+@all"), false);
    }

    /** A server that speaks TLS only, with a self-signed certificate for 127.0.0.1 ({@link #trustStore()}). */
    static PrivateRedis withTls() throws IOException {
        return new PrivateRedis(List.of(), true);
    }

    int port() {
        return port;
    }

    /** A PKCS12 trust store holding the server's certificate, password {@code changeit}. */
    Path trustStore() throws IOException {
        Path store = dir.resolve("trust.p12");
        try (InputStream pem = Files.newInputStream(dir.resolve("cert.pem"))) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("private-redis", cert);
            try (var out = Files.newOutputStream(store)) {
                ks.store(out, "changeit".toCharArray());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        return store;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        assumeTrue(false, name + " is not on the PATH");
        throw new IllegalStateException();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
