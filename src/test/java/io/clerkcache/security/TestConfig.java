package io.clerkcache.security;

import java.util.Map;

import org.eclipse.microprofile.config.Config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Real MicroProfile Config (SmallRye) from a map, with the application's duration converter. */
final class TestConfig {

    private TestConfig() {
    }

    static Config of(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }
}
