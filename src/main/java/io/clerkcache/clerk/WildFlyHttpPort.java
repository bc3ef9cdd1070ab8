package io.clerkcache.clerk;

/**
 * WildFly's HTTP port, for the default simulator URL of demo mode: Liberty names its port in the server variable
 * {@code http.port}, which MicroProfile Config sees; WildFly has no such variable but the system properties its socket
 * binding {@code http} reads, {@code jboss.http.port} (8080 unless set) moved by
 * {@code jboss.socket.binding.port-offset}.
 */
final class WildFlyHttpPort {

    private WildFlyHttpPort() {
    }

    /** WildFly's HTTP port when running in WildFly ({@code jboss.home.dir} is set), {@code otherwise} elsewhere. */
    static String orElse(String otherwise) {
        if (System.getProperty("jboss.home.dir") == null) {
            return otherwise;
        }
        int port = Integer.getInteger("jboss.http.port", 8080)
                + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return Integer.toString(port);
    }
}
