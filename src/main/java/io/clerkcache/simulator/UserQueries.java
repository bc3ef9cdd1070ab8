package io.clerkcache.simulator;

import static io.clerkcache.simulator.ClerkResponses.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /users} and {@code GET /users/count} with Clerk's rules: at most 100 values per list filter, default
 * {@code limit} 10 (1 to 500), {@code offset}, {@code order_by} (default {@code -created_at}), a bare array.
 */
final class UserQueries {

    private static final Set<String> ORDER_FIELDS = Set.of("created_at", "updated_at", "username", "first_name",
            "last_name", "last_sign_in_at", "last_active_at", "email_address");

    private final SimulatedUsers users;
    private final ClerkResponses responses;

    UserQueries(SimulatedUsers users, ClerkResponses responses) {
        this.users = users;
        this.responses = responses;
    }

    SimulatorResponse list(Map<String, List<String>> query) {
        Object filtered = filter(query);
        if (filtered instanceof SimulatorResponse invalid) {
            return invalid;
        }
        @SuppressWarnings("unchecked")
        List<JsonObject> matches = (List<JsonObject>) filtered;
        Integer limit = intParam(query, "limit", 10);
        Integer offset = intParam(query, "offset", 0);
        if (limit == null || limit < 1 || limit > 500) {
            return responses.invalidParam("limit", "limit must be between 1 and 500");
        }
        if (offset == null || offset < 0) {
            return responses.invalidParam("offset", "offset must be 0 or more");
        }
        String orderBy = first(query, "order_by", "-created_at");
        boolean descending = orderBy.startsWith("-");
        String field = orderBy.replaceFirst("^[+-]", "");
        if (!ORDER_FIELDS.contains(field)) {
            return responses.invalidParam("order_by", "order_by must be one of " + ORDER_FIELDS
                    + ", optionally prefixed with + or -");
        }
        Comparator<JsonObject> order = (a, b) -> compareValues(sortValue(a, field), sortValue(b, field));
        if (descending) {
            order = order.reversed();
        }
        order = order.thenComparing(u -> u.getString("id"));
        JsonArrayBuilder page = JSON.createArrayBuilder();
        matches.stream().sorted(order).skip(offset).limit(limit).forEach(page::add);
        return SimulatorResponse.json(200, page.build());
    }

    SimulatorResponse count(Map<String, List<String>> query) {
        Object filtered = filter(query);
        if (filtered instanceof SimulatorResponse invalid) {
            return invalid;
        }
        return SimulatorResponse.json(200, JSON.createObjectBuilder()
                .add("object", "total_count").add("total_count", ((List<?>) filtered).size()).build());
    }

    /** The users matching the {@code user_id}, {@code username} and {@code email_address} filters, or a 422. */
    private Object filter(Map<String, List<String>> query) {
        for (String param : List.of("user_id", "username", "email_address")) {
            if (query.getOrDefault(param, List.of()).size() > ClerkSimulator.MAX_FILTER_VALUES) {
                return responses.invalidParam(param, param + " accepts at most " + ClerkSimulator.MAX_FILTER_VALUES
                        + " values");
            }
        }
        List<JsonObject> candidates;
        List<String> ids = query.get("user_id");
        if (ids != null) {
            candidates = new ArrayList<>();
            ids.stream().distinct().map(users::get).filter(u -> u != null).forEach(candidates::add);
        } else {
            candidates = new ArrayList<>(users.all());
        }
        Predicate<JsonObject> match = u -> true;
        List<String> usernames = query.get("username");
        if (usernames != null) {
            Set<String> wanted = lowerCase(usernames);
            match = match.and(u -> u.get("username") instanceof JsonString s
                    && wanted.contains(s.getString().toLowerCase(Locale.ROOT)));
        }
        List<String> emails = query.get("email_address");
        if (emails != null) {
            Set<String> wanted = lowerCase(emails);
            match = match.and(u -> u.getJsonArray("email_addresses").stream()
                    .map(e -> e.asJsonObject().getString("email_address").toLowerCase(Locale.ROOT))
                    .anyMatch(wanted::contains));
        }
        return candidates.stream().filter(match).toList();
    }

    private static JsonValue sortValue(JsonObject user, String field) {
        if (field.equals("email_address")) {
            return user.getJsonArray("email_addresses").isEmpty() ? JsonValue.NULL
                    : user.getJsonArray("email_addresses").get(0).asJsonObject().get("email_address");
        }
        return user.getOrDefault(field, JsonValue.NULL);
    }

    /** Numbers by value, strings without regard to case, nulls last. */
    private static int compareValues(JsonValue a, JsonValue b) {
        boolean aNull = !(a instanceof JsonString || a instanceof JsonNumber);
        boolean bNull = !(b instanceof JsonString || b instanceof JsonNumber);
        if (aNull || bNull) {
            return Boolean.compare(aNull, bNull);
        }
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            return Long.compare(x.longValue(), y.longValue());
        }
        return a.toString().toLowerCase(Locale.ROOT).compareTo(b.toString().toLowerCase(Locale.ROOT));
    }

    private static Integer intParam(Map<String, List<String>> query, String name, int defaultValue) {
        String value = first(query, name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String first(Map<String, List<String>> query, String name, String defaultValue) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? defaultValue : values.get(0);
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> lower = new HashSet<>();
        values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
