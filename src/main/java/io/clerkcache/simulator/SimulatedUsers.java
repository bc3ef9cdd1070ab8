package io.clerkcache.simulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's users, by id and by username (compared without regard to case, as Clerk does), generated from the
 * seed sequence. Reads need no lock; every change holds {@link #lock()} so that a write sees and leaves the two
 * indexes consistent.
 */
final class SimulatedUsers {

    private final SimulatedUserFactory factory;
    private final int seedUsers;
    private final Map<String, JsonObject> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idsByUsername = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private int generated;

    SimulatedUsers(long seed, int seedUsers) {
        this.factory = new SimulatedUserFactory(seed);
        this.seedUsers = seedUsers;
        add(seedUsers);
    }

    /** Held by every change. */
    Object lock() {
        return lock;
    }

    JsonObject get(String id) {
        return byId.get(id);
    }

    int count() {
        return byId.size();
    }

    Collection<JsonObject> all() {
        return byId.values();
    }

    /** Every user, oldest first. */
    List<JsonObject> oldestFirst() {
        List<JsonObject> users = new ArrayList<>(byId.values());
        users.sort(Comparator.comparingLong((JsonObject u) -> u.getJsonNumber("created_at").longValue())
                .thenComparing(u -> u.getString("id")));
        return users;
    }

    /** The id of the user holding {@code username} (any case), or {@code null}. */
    String idOfUsername(String username) {
        return idsByUsername.get(username.toLowerCase(Locale.ROOT));
    }

    /** Generates the next {@code count} users of the seed sequence and returns them. */
    List<JsonObject> add(int count) {
        List<JsonObject> added = new ArrayList<>(count);
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                JsonObject user = factory.create(generated++, idsByUsername::containsKey);
                byId.put(user.getString("id"), user);
                idsByUsername.put(user.getString("username").toLowerCase(Locale.ROOT), user.getString("id"));
                added.add(user);
            }
        }
        return added;
    }

    /** Stores a changed user and moves its username index entry; call with {@link #lock()} held. */
    void replace(JsonObject previous, JsonObject changed) {
        String id = changed.getString("id");
        byId.put(id, changed);
        String oldName = username(previous);
        String newName = username(changed);
        if (oldName != null) {
            idsByUsername.remove(oldName.toLowerCase(Locale.ROOT));
        }
        if (newName != null) {
            idsByUsername.put(newName.toLowerCase(Locale.ROOT), id);
        }
    }

    /** Removes a user; returns it, or {@code null} if there was none. */
    JsonObject remove(String id) {
        synchronized (lock) {
            JsonObject user = byId.remove(id);
            if (user != null && username(user) != null) {
                idsByUsername.remove(username(user).toLowerCase(Locale.ROOT));
            }
            return user;
        }
    }

    /** Forgets every user and generates the seed users again. */
    void reseed() {
        synchronized (lock) {
            byId.clear();
            idsByUsername.clear();
            generated = 0;
            add(seedUsers);
        }
    }

    private static String username(JsonObject user) {
        return user.get("username") instanceof JsonString s ? s.getString() : null;
    }
}
