package io.clerkcache.it;

import java.util.Map;

/**
 * Settings given to applications by the server's own configuration, as an operator sets them: no file in the
 * deployment ({@link ConsumerDirectoryContract}). How depends on the server: {@link LibertyServerSettings} (variables
 * of a configuration drop-in), {@link WildFlyServerSettings} (system properties set through the management CLI).
 */
interface ServerSettings extends AutoCloseable {

    /** Sets {@code settings} in the running test server and returns once the server applied them. */
    static ServerSettings apply(String name, Map<String, String> settings) {
        return TestServer.current().applySettings(name, settings);
    }

    /** Removes the settings again and waits until the server applied that. */
    @Override
    void close();
}
