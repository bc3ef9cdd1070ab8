package io.clerkcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.clerkcache.clerk.ClerkConfig;
import io.clerkcache.ops.WarmingConfig;
import io.clerkcache.security.AccessPolicy;
import io.clerkcache.security.AuthConfig;
import io.clerkcache.simulator.SimulatorConfig;
import io.clerkcache.users.AdmissionConfig;
import io.clerkcache.users.cache.JCacheSettingsProducer;
import io.clerkcache.users.cache.UserCacheConfig;
import io.clerkcache.webhook.WebhookConfig;

/**
 * The README's configuration table and the configuration types agree: every key the table lists is read by exactly
 * one type, with the default the table states, and every key a type reads is in
 * the README. The keys and defaults the code uses are seen by building every configuration type once through a
 * {@link Settings} that records each read (every type reads all of its keys unconditionally).
 *
 * <p>A default cell that starts with a literal in backticks is that default (compared as the code's value: a duration
 * by its length, a number by its value, a list joined with commas); any other cell ("none: ...", "derived from ...",
 * or a literal that names another key) means the code has no default of its own, or an empty list.
 */
class ConfigurationReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern LITERAL = Pattern.compile("`([^`]*)`");

    /** One row of the configuration table (its environment variable is the key's MicroProfile Config mapping). */
    private record Row(String key, String defaultCell) {
    }

    @Test
    void readme_everyKeyReadByAConfigurationTypeUnderItsVariableWithTheDefaultItStates() throws IOException {
        Map<String, Optional<Object>> code = codeReads();
        List<Row> rows = keyTable();
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.add(r.key()));

        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            if (!code.containsKey(row.key())) {
                wrong.add(row.key() + ": in the README, but no configuration type reads it");
                continue;
            }
            Optional<String> documented = documentedDefault(row.defaultCell(), keys);
            Optional<Object> inCode = code.get(row.key());
            if (documented.isPresent() != inCode.isPresent()) {
                wrong.add(row.key() + ": README default '" + row.defaultCell() + "', code default "
                        + inCode.map(String::valueOf).orElse("none"));
            } else if (documented.isPresent() && !sameValue(inCode.get(), documented.get())) {
                wrong.add(row.key() + ": README default " + documented.get() + ", code default " + inCode.get());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void code_everyKeyItReadsIsInTheReadme() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        keyTable().forEach(r -> documented.add(r.key()));
        documented.addAll(libertyVariables());

        List<String> missing = codeReads().keySet().stream().filter(k -> !documented.contains(k)).toList();

        assertTrue(missing.isEmpty(), "read by the code but not in the README's configuration tables: " + missing);
    }

    @Test
    void keyTable_parsed() throws IOException {
        List<Row> rows = keyTable();

        assertTrue(rows.size() > 40, "rows: " + rows.size());
        Row ttl = rows.stream().filter(r -> r.key().equals("clerk.cache.ttl")).findFirst().orElseThrow();
        assertEquals("CLERK_CACHE_TTL", Settings.env(ttl.key()));
        assertTrue(ttl.defaultCell().startsWith("`"), ttl.defaultCell());
        assertFalse(libertyVariables().isEmpty());
    }

    /**
     * Every key the configuration types read, with the default each passed; fails if a key is read twice, which
     * would mean a second reader.
     */
    private static Map<String, Optional<Object>> codeReads() {
        Map<String, Optional<Object>> reads = new LinkedHashMap<>();
        Settings settings = new Settings(MapConfig.of(Map.of(ClerkConfig.DEMO_MODE_KEY, "true")), (key, value) -> {
            // an empty list is what the README calls "none"
            Optional<Object> stated = value.filter(v -> !(v instanceof List<?> l && l.isEmpty()));
            if (reads.put(key, stated) != null) {
                fail(key + " is read twice: each key has one reader");
            }
        });
        ClerkConfig clerk = new ClerkConfig(settings);
        new UserCacheConfig(settings);
        JCacheSettingsProducer.read(settings);
        new AdmissionConfig(settings);
        new AuthConfig(settings);
        new AccessPolicy(settings);
        new WebhookConfig(settings, clerk);
        new SimulatorConfig(settings, clerk);
        new WarmingConfig(settings);
        return reads;
    }

    /** The rows of the configuration section's first table (key, default, meaning). */
    private static List<Row> keyTable() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (List<String> cells : tables().get(0)) {
            assertEquals(3, cells.size(), "cells of the row " + cells);
            rows.add(new Row(unquote(cells.get(0)), cells.get(1)));
        }
        return rows;
    }

    /** The names in the first column of the section's second table (Liberty's server variables). */
    private static Set<String> libertyVariables() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (List<String> cells : tables().get(1)) {
            Matcher m = LITERAL.matcher(cells.get(0));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The body rows of each table in the README's "Configuration" section, as cells. */
    private static List<List<List<String>>> tables() throws IOException {
        List<List<List<String>>> tables = new ArrayList<>();
        List<List<String>> current = null;
        boolean inSection = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (!line.startsWith("|")) {
                current = null;
                continue;
            }
            if (current == null) { // the header row
                current = new ArrayList<>();
                tables.add(current);
            } else if (!line.startsWith("|---")) {
                current.add(cells(line));
            }
        }
        assertEquals(2, tables.size(), "tables in the README's Configuration section");
        return tables;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static String unquote(String cell) {
        Matcher m = LITERAL.matcher(cell);
        assertTrue(m.matches(), "expected one name in backticks, got " + cell);
        return m.group(1);
    }

    /** The literal default a cell states; empty for "none ..." or a default derived from another key. */
    private static Optional<String> documentedDefault(String cell, Set<String> keys) {
        Matcher m = LITERAL.matcher(cell);
        if (!cell.startsWith("`") || !m.find() || keys.contains(m.group(1))) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }

    private static boolean sameValue(Object code, String documented) {
        if (code instanceof Duration d) {
            return d.equals(DurationConverter.parse(documented));
        }
        if (code instanceof Number n) {
            return new BigDecimal(n.toString()).compareTo(new BigDecimal(documented)) == 0;
        }
        if (code instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList()).equals(documented);
        }
        return String.valueOf(code).equals(documented);
    }
}
