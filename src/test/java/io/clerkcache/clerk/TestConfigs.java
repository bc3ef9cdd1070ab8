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

    /** A live-mode configuration against {@code baseUrl}, short timeouts, {@code retries} read retries. */
    static ClerkConfig live(URI baseUrl, int retries) {
        Map<String, String> values = new HashMap<>();
        values.put("clerk.secret-key", SECRET);
        values.put("clerk.api-url", baseUrl.toString());
        values.put("clerk.read-retries", Integer.toString(retries));
        values.put("clerk.read-timeout", "300ms");
        values.put("clerk.connect-timeout", "1s");
        return new ClerkConfig(config(values));
    }
}
