package io.clerkcache.config;

import java.util.Map;

import org.eclipse.microprofile.config.Config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Real MicroProfile Config (SmallRye) holding just the given keys, for unit tests of the configuration types. */
public final class MapConfig {

    private MapConfig() {
    }

    /** A configuration of {@code values} and nothing else (no system properties, no environment). */
    public static Config of(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }
}
