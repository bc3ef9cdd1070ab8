package io.clerkcache.users;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between the service's Redis client and a real Redis, for outage tests: it passes traffic
 * ({@link #pass()}), or plays a Redis that was <em>stopped</em> ({@link #stop()}: every connection closed, new ones
 * refused, as after {@code SHUTDOWN} or a kill), or <em>hung</em> ({@link #hang()}: connections stay open and new ones
 * are accepted, but nothing is forwarded either way, as a {@code kill -STOP}ped server; what was sent meanwhile is
 * delivered on {@link #pass()}, as after {@code kill -CONT}).
 */
final class RedisProxy implements AutoCloseable {

    private enum Mode {
        PASS, STOPPED, HUNG
    }

    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Object modeChange = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile ServerSocket server;
    private volatile boolean closed;

    /** A proxy to {@code upstreamPort} on 127.0.0.1, listening on a free port, passing traffic. */
    RedisProxy(int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        ServerSocket s = listen(0);
        this.port = s.getLocalPort();
        startAccepting(s);
    }

    /** The port the service connects to. */
    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Connections accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /** Traffic passes again (after a stop, the port listens again; after a hang, what waited is delivered). */
    void pass() throws IOException {
        synchronized (modeChange) {
            if (mode == Mode.STOPPED) {
                startAccepting(listen(port));
            }
            mode = Mode.PASS;
            modeChange.notifyAll();
        }
    }

    /** Redis stopped: open connections are closed, new ones refused. */
    void stop() throws IOException {
        synchronized (modeChange) {
            mode = Mode.STOPPED;
            server.close();
            for (Socket s : sockets) {
                closeQuietly(s);
            }
            modeChange.notifyAll();
        }
    }

    /** Redis hung: connections are kept and accepted, nothing is forwarded. */
    void hang() {
        synchronized (modeChange) {
            mode = Mode.HUNG;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (modeChange) {
            mode = Mode.STOPPED;
            server.close();
            modeChange.notifyAll();
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        return s;
    }

    private void startAccepting(ServerSocket s) {
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    accepted.incrementAndGet();
                    connect(client);
                } catch (IOException e) {
                    return; // closed by stop() or close()
                }
            }
        }, "redis-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void connect(Socket client) {
        sockets.add(client);
        Thread t = new Thread(() -> {
            Socket redis = new Socket();
            try {
                sockets.add(redis);
                redis.connect(upstream, 1000);
                Thread back = pump(redis, client);
                pump(client, redis).join();
                back.join();
            } catch (IOException | InterruptedException e) {
                // the connection ends
            } finally {
                closeQuietly(client);
                closeQuietly(redis);
            }
        }, "redis-proxy-connect-" + port);
        t.setDaemon(true);
        t.start();
    }

    /** Copies {@code from} to {@code to}, holding what it read while hung. */
    private Thread pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    awaitNotHung();
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    awaitNotHung();
                    if (mode == Mode.STOPPED) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed by the other side, stop() or close()
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "redis-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void awaitNotHung() throws InterruptedException, SocketException {
        synchronized (modeChange) {
            while (mode == Mode.HUNG && !closed) {
                modeChange.wait();
            }
        }
        if (closed) {
            throw new SocketException("proxy closed");
        }
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
