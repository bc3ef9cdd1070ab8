package io.clerkcache.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void convert_unitForms_parsed() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(300), converter.convert("300s"));
        assertEquals(Duration.ofSeconds(300), converter.convert(" 300 "));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(2), converter.convert("2H"));
        assertEquals(Duration.ofDays(1), converter.convert("1d"));
    }

    @Test
    void convert_iso8601_parsedWhateverTheCase() {
        assertEquals(Duration.ofMinutes(5), converter.convert("PT5M"));
        assertEquals(Duration.ofSeconds(2), converter.convert("pt2s"));
    }

    @Test
    void convert_empty_isNotSet() {
        assertNull(converter.convert("  "));
    }

    @Test
    void convert_malformedOrNegative_rejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> converter.convert("5 minutes"));
        assertEquals("'5 minutes' is not a duration: write e.g. 300s, 500ms, 5m or PT5M", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> converter.convert("PT-5S"));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("-5s"));
    }
}
