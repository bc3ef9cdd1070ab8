package io.clerkcache.it;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a module using the user directory jar gets, in whichever layout a subclass deploys it
 * ({@link io.clerkcache.it.consumer}): its lookups go through the shared cache, are memoized per request, its
 * invalidations take effect, and its own annotated bean is intercepted. Counted at the Clerk stand-in's simulator.
 * The module's settings come from the server's configuration only ({@link #configureServer}).
 */
abstract class ConsumerDirectoryContract {

    private static ServerSettings serverSettings;
    private static String prefix;

    private Http consumer;
    private Simulator clerk;

    /** Sets the consumer's settings in the server (under a new key prefix) before its deployment. */
    static void configureServer(String name) {
        prefix = "it:" + name + ":" + UUID.randomUUID() + ":";
        serverSettings = ServerSettings.apply(name, ConsumerModules.directorySettings(prefix));
    }

    /** The consumer WAR's context root. */
    abstract String contextRoot();

    @BeforeEach
    void connect() throws MalformedURLException {
        consumer = new Http(new URL("http://127.0.0.1:" + Deployments.PORT + "/" + contextRoot() + "/api/"));
        clerk = new Simulator(new Http(new URL("http://127.0.0.1:" + Deployments.PORT + "/" + ConsumerModules.CLERK
                + "/")));
        clerk.latency(0);
        clerk.resetStats();
    }

    @Test
    void lookups_goThroughTheSharedCache_oneClerkCallForTwoRequests() {
        String id = clerk.userIds(10, 1).get(0);
        clerk.resetStats();

        assertEquals(200, consumer.get("people/" + id).statusCode());
        assertEquals(200, consumer.get("people/" + id).statusCode());

        assertEquals(1, clerk.calls(), "the second request must be served by the cache");
        assertTrue(redisKeys().contains(prefix + "users"),
                "the users live in Redis under the prefix the server configuration set: " + redisKeys());
    }

    @Test
    void lookups_twiceInOneRequestWithTheCacheCleared_memoAnswersTheSecond() {
        String id = clerk.userIds(11, 1).get(0);
        clerk.resetStats();

        assertEquals(200, consumer.get("people/" + id + "/twice").statusCode());
        assertEquals(1, clerk.calls(), "within one request the memo answers the repeated lookup");

        assertEquals(200, consumer.get("people/" + id + "/twice").statusCode());
        assertEquals(2, clerk.calls(), "a new request has a new memo: the cleared cache makes it ask Clerk");
    }

    @Test
    void invalidate_byTheConsumer_nextLookupSeesClerksChange() {
        assertInvalidationTakesEffect(12, "invalidate");
    }

    @Test
    void cacheRemoveOnUsers_inTheConsumersBean_nextLookupSeesClerksChange() {
        assertInvalidationTakesEffect(13, "changed");
    }

    /** A user renamed in Clerk is served from the cache until the consumer's {@code action} invalidates it. */
    private void assertInvalidationTakesEffect(int offset, String action) {
        String id = clerk.userIds(offset, 1).get(0);
        String renamed = "consumer_" + UUID.randomUUID().toString().substring(0, 8);
        String before = Http.object(consumer.get("people/" + id)).getString("username");
        try {
            clerk.rename(id, renamed);
            assertEquals(before, Http.object(consumer.get("people/" + id)).getString("username"),
                    "without an invalidation the cached copy answers");
            clerk.resetStats();

            assertEquals(204, consumer.post("people/" + id + "/" + action, "").statusCode());

            assertEquals(renamed, Http.object(consumer.get("people/" + id)).getString("username"));
            assertEquals(1, clerk.calls());
        } finally {
            clerk.reseed();
        }
    }

    @Test
    void ownCachedBean_isIntercepted_andItsRemoveTakesEffect() {
        String symbol = "sym-" + UUID.randomUUID();

        HttpResponse<String> first = consumer.get("quotes/" + symbol);
        assertEquals(200, first.statusCode(), first::body);
        int computed = Http.object(first).getInt("computed");
        String quote = Http.object(first).getString("quote");

        assertEquals(quote, Http.object(consumer.get("quotes/" + symbol)).getString("quote"));
        assertEquals(computed, Http.object(consumer.get("quotes/" + symbol)).getInt("computed"),
                "a cached quote must not be computed again");

        assertEquals(204, consumer.delete("quotes/" + symbol).statusCode());
        assertEquals(computed + 1, Http.object(consumer.get("quotes/" + symbol)).getInt("computed"),
                "after @CacheRemove the quote is computed again");
    }

    @AfterAll
    static void removeServerSettingsAndRedisEntries() {
        if (serverSettings != null) {
            serverSettings.close();
            serverSettings = null;
        }
        RedissonClient redis = redis();
        try {
            redis.getKeys().deleteByPattern(prefix + "*");
            redis.getKeys().deleteByPattern("*{" + prefix + "*");
        } finally {
            redis.shutdown();
        }
    }

    private static Set<String> redisKeys() {
        RedissonClient redis = redis();
        try {
            Set<String> keys = new TreeSet<>();
            redis.getKeys().getKeysByPattern(prefix + "*").forEach(keys::add);
            return keys;
        } finally {
            redis.shutdown();
        }
    }

    private static RedissonClient redis() {
        Config c = new Config();
        c.useSingleServer().setAddress(ConsumerModules.REDIS);
        return Redisson.create(c);
    }
}
