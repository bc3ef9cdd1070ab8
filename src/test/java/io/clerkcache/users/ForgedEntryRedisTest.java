package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.clerkcache.clerk.ClerkUser;
import io.clerkcache.simulator.ClerkSimulator;
import io.clerkcache.simulator.SimulatorHttpServer;
import io.clerkcache.simulator.SimulatorSettings;
import io.clerkcache.users.DirectoryInstances.Backend;
import io.clerkcache.users.cache.UserCaches;

/**
 * What Redis holds is not trusted: an entry written there by anything but this service (a forged user with role
 * {@code admin}, another user's valid entry copied under this id) is never served; the directory asks Clerk and writes
 * Clerk's copy over it. Real Redis at 127.0.0.1:6379, the simulator over HTTP.
 */
class ForgedEntryRedisTest {

    private SimulatorHttpServer clerk;
    private DirectoryInstances instances;
    private DirectoryInstances.Instance service;
    private RedissonClient raw;
    private Map<String, String> usersHash;

    @BeforeEach
    void start() {
        clerk = new SimulatorHttpServer(new ClerkSimulator(
                new SimulatorSettings(20, SimulatorSettings.DEFAULT_SEED, Duration.ZERO, 0)));
        instances = new DirectoryInstances(Backend.REDIS, clerk.baseUrl(), Duration.ofSeconds(60));
        service = instances.start();
        Config c = new Config();
        c.useSingleServer().setAddress("redis://127.0.0.1:6379");
        raw = Redisson.create(c);
        usersHash = raw.getMap(service.caches().physicalName(UserCaches.USERS), StringCodec.INSTANCE);
    }

    @AfterEach
    void stop() {
        raw.shutdown();
        instances.close();
        clerk.close();
    }

    private String nonAdmin(int skip) {
        return clerk.simulator().userIds().stream()
                .filter(id -> !ClerkUser.of(clerk.simulator().user(id)).hasRole("admin"))
                .skip(skip).findFirst().orElseThrow();
    }

    @Test
    void byId_forgedUnsignedEntryWithAdminRole_clerksCopyServedInstead() {
        String id = nonAdmin(0);
        JsonObject forged = Json.createObjectBuilder(clerk.simulator().user(id))
                .add("public_metadata", Json.createObjectBuilder().add("role", "admin")).build();
        usersHash.put(id, "{\"v\":1,\"kind\":\"user\",\"fetchedAt\":1,\"user\":" + forged + "}");

        ClerkUser served = service.directory().byId(id).orElseThrow();

        assertFalse(served.hasRole("admin"), "the forged role is not served");
        assertEquals(1, clerk.simulator().totalCalls(), "Clerk was asked");
        assertFalse(usersHash.get(id).contains("\"admin\""), "Clerk's copy was written over the forged one");
        service.directory().byId(id);
        assertEquals(1, clerk.simulator().totalCalls(), "and is now served from the cache");
    }

    @Test
    void byId_anotherUsersSignedEntryCopiedUnderThisId_thisUserServed() {
        String victim = nonAdmin(0);
        String other = nonAdmin(1);
        service.directory().byId(other);
        usersHash.put(victim, usersHash.get(other)); // a valid, signed entry: but of another user
        long before = clerk.simulator().totalCalls();

        ClerkUser served = service.directory().byId(victim).orElseThrow();
        ClerkUser inBatch = service.directory().byIds(java.util.List.of(victim)).users().get(0);

        assertEquals(victim, served.id());
        assertEquals(victim, inBatch.id());
        assertEquals(before + 1, clerk.simulator().totalCalls(), "reloaded from Clerk once, then cached");
    }
}
