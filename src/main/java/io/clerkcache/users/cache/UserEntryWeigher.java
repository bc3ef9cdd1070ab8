package io.clerkcache.users.cache;

import java.io.Serializable;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import com.github.benmanes.caffeine.cache.Weigher;

import io.clerkcache.jcache.AbsentValue;
import io.clerkcache.jcache.InvalidationMarker;

/**
 * Weighs an in-memory cache entry as the heap it retains, in bytes, so that the in-memory caches can be bounded by
 * memory ({@code clerk.cache.max-weight}) instead of by a count that says nothing about it.
 *
 * <p>A parsed Clerk user retains about six times the bytes of its JSON text (measured: 5.7 to 5.9 with Parsson on
 * Java 17): every field name is its own {@code String}, every value its own JSON-P object, every object a
 * {@code LinkedHashMap} with an entry object per field. The example user of Clerk's User schema
 * ({@code user-example.json}, 3.6 KB of compact JSON) retains about 21 KB once parsed; a generated user of the
 * simulator (2.4 KB) about 14 KB. Rather than multiplying the length of a
 * text the cache does not keep, the estimate walks the document and adds what each node costs on a 64-bit JVM with
 * compressed references; {@code UserEntryWeigherTest} checks it against the heap actually retained.
 *
 * <p>Each entry weighs at least {@code floor} bytes, which bounds a cache's entry count at {@code maxWeight / floor}
 * as well (Caffeine cannot bound size and weight together).
 */
final class UserEntryWeigher implements Weigher<Object, Object>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The cache's own cost per entry: Caffeine's node and the JCache adapter's wrapper, the key's map slot. */
    static final int ENTRY_OVERHEAD = 144;
    private static final int OBJECT_HEADER = 16;
    /** A {@code String} with its {@code byte[]}, without the characters (with the array's average padding). */
    private static final int STRING = 44;
    /** A JSON-P string wrapper around a {@code String}. */
    private static final int JSON_STRING = OBJECT_HEADER + STRING;
    /** A JSON-P number: a small wrapper, with a {@code BigDecimal} behind it when it is not an int or a long. */
    private static final int JSON_NUMBER = 24;
    private static final int BIG_NUMBER = 64;
    /** A JSON-P object: the wrapper and its {@code LinkedHashMap}; per field a map entry and the name. */
    private static final int JSON_OBJECT = 88;
    private static final int JSON_OBJECT_FIELD = 40 + 4 + STRING;
    /** A JSON-P array: the wrapper and its {@code ArrayList}; per element a slot. */
    private static final int JSON_ARRAY = 72;
    private static final int JSON_ARRAY_ELEMENT = 5;

    private final int floor;

    /** A weigher whose entries weigh at least {@code floor} bytes. */
    UserEntryWeigher(int floor) {
        this.floor = Math.max(1, floor);
    }

    @Override
    public int weigh(Object key, Object value) {
        long bytes = ENTRY_OVERHEAD + string(String.valueOf(key)) + value(value);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(floor, bytes));
    }

    private static long value(Object value) {
        if (value instanceof CachedUser cu) {
            return OBJECT_HEADER + 24 /* Instant */ + OBJECT_HEADER /* ClerkUser */ + json(cu.user().document());
        }
        if (value instanceof UsernameEntry ue) {
            return OBJECT_HEADER + 24 + string(ue.userId());
        }
        if (value instanceof InvalidationMarker m) {
            return OBJECT_HEADER + 8 + string(m.token());
        }
        if (value instanceof AbsentValue) {
            return OBJECT_HEADER + 8;
        }
        return 64; // nothing else is stored; a modest guess rather than a failure
    }

    /** The heap retained by a JSON-P value as a parser or a builder makes it. */
    static long json(JsonValue value) {
        if (value instanceof JsonObject object) {
            long bytes = JSON_OBJECT + tableSlots(object.size());
            for (Map.Entry<String, JsonValue> field : object.entrySet()) {
                bytes += JSON_OBJECT_FIELD + chars(field.getKey()) + json(field.getValue());
            }
            return bytes;
        }
        if (value instanceof JsonArray array) {
            long bytes = JSON_ARRAY;
            for (JsonValue element : array) {
                bytes += JSON_ARRAY_ELEMENT + json(element);
            }
            return bytes;
        }
        if (value instanceof JsonString s) {
            return JSON_STRING + chars(s.getString());
        }
        if (value instanceof JsonNumber n) {
            return n.isIntegral() && n.bigDecimalValue().precision() <= 18 ? JSON_NUMBER : JSON_NUMBER + BIG_NUMBER;
        }
        return 0; // true, false, null: shared constants
    }

    /** A hash table's slots for {@code n} entries at the default load factor. */
    private static long tableSlots(int n) {
        int capacity = Integer.highestOneBit(Math.max(1, (int) (n / 0.75f)) * 2 - 1);
        return OBJECT_HEADER + 4L * capacity;
    }

    private static long string(String s) {
        return STRING + chars(s);
    }

    /** The characters of a {@code String}: one byte each when they all fit in Latin-1 (compact strings), else two. */
    private static long chars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return 2L * s.length();
            }
        }
        return s.length();
    }
}
