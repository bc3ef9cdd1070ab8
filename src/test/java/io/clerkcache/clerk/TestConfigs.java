package io.clerkcache.clerk;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Real MicroProfile Config (SmallRye) built from a map, for unit tests. */
final class TestConfigs {

    static final String SECRET = "sk_test_0123456789abcdefSECRET";

    private TestConfigs() {
    }

    static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }

    /**
     * A live-mode configuration against {@code baseUrl} with {@code retries} read retries and a generous read
     * timeout: a short one makes a slow first answer on a busy machine a timeout, retried into the next scripted step.
     */
    static ClerkConfig live(URI baseUrl, int retries) {
        return live(baseUrl, retries, "10s");
    }

    /** As {@link #live(URI, int)} with the given read timeout, for tests about timeouts. */
    static ClerkConfig live(URI baseUrl, int retries, String readTimeout) {
        Map<String, String> values = new HashMap<>();
        values.put("clerk.secret-key", SECRET);
        values.put("clerk.api-url", baseUrl.toString());
        values.put("clerk.read-retries", Integer.toString(retries));
        values.put("clerk.read-timeout", readTimeout);
        values.put("clerk.connect-timeout", "1s");
        return new ClerkConfig(config(values));
    }
}
