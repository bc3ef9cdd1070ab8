package io.clerkcache.it;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.clerkcache.it.consumer.ConsumerApplication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another team's EE application using clerk-cache as a library (docs/library.md): an EAR whose {@code lib/} holds the
 * two library jars this build made and the dependencies a consumer's POM brings with them, and a consumer WAR of its
 * own ({@link io.clerkcache.it.consumer}) with no configuration file: every library setting comes from the server's
 * configuration ({@link ServerSettings}). Clerk is played by the simulator of a clerk-cache WAR deployed beside it.
 */
@ExtendWith(ArquillianExtension.class)
class ConsumerEarIT {

    private static final String CLERK = "it-lib-clerk";
    private static final String CONTEXT = "consumer";
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String PREFIX = "it:consumer:" + UUID.randomUUID() + ":";

    private static ServerSettings serverSettings;

    private Http consumer;
    private Simulator clerk;

    /** Clerk's stand-in: its own settings outrank the server's (700 over 500), and it sets no secret key. */
    @Deployment(name = "clerk", order = 1, testable = false)
    static WebArchive clerk() {
        return Deployments.war(CLERK, Map.of("config_ordinal", "700", "clerk.secret-key", ""));
    }

    @Deployment(name = "consumer", order = 2, testable = false)
    static EnterpriseArchive consumer() {
        // What an operator sets for the consumer, in the server's configuration (nothing in the EAR)
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("clerk.secret-key", Simulator.KEY);
        settings.put("clerk.api-url", "http://127.0.0.1:" + Deployments.PORT + "/" + CLERK + "/simulator/v1");
        settings.put("redis.url", REDIS);
        settings.put("clerk.cache.key-prefix", PREFIX);
        // a fresh deployment's first lookup also connects to Redis and to Clerk: more than the default 2 s here
        settings.put("clerk.lookup-deadline", "15s");
        serverSettings = ServerSettings.apply("consumer-ear", settings);

        WebArchive war = ShrinkWrap.create(WebArchive.class, CONTEXT + ".war")
                .addPackage(ConsumerApplication.class.getPackage())
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .setWebXML(new StringAsset(WEB_XML));
        EnterpriseArchive ear = ShrinkWrap.create(EnterpriseArchive.class, "consumer-app.ear")
                .addAsModule(war)
                .setApplicationXML(new StringAsset(APPLICATION_XML));
        libraryClasspath().forEach(ear::addAsLibrary);
        return ear;
    }

    @BeforeEach
    void connect() throws MalformedURLException {
        consumer = new Http(new URL("http://127.0.0.1:" + Deployments.PORT + "/" + CONTEXT + "/api/"));
        clerk = new Simulator(new Http(new URL("http://127.0.0.1:" + Deployments.PORT + "/" + CLERK + "/")));
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
        assertTrue(redisKeys().contains(PREFIX + "users"),
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
        String id = clerk.userIds(12, 1).get(0);
        String renamed = "consumer_" + UUID.randomUUID().toString().substring(0, 8);
        String before = Http.object(consumer.get("people/" + id)).getString("username");
        try {
            clerk.rename(id, renamed);
            assertEquals(before, Http.object(consumer.get("people/" + id)).getString("username"),
                    "without an invalidation the cached copy answers");
            clerk.resetStats();

            assertEquals(204, consumer.post("people/" + id + "/invalidate", "").statusCode());

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
        }
        RedissonClient redis = redis();
        try {
            redis.getKeys().deleteByPattern(PREFIX + "*");
            redis.getKeys().deleteByPattern("*{" + PREFIX + "*");
        } finally {
            redis.shutdown();
        }
    }

    /**
     * The EAR's {@code lib/}: the jars this build made (target/clerk-cache-users.jar, target/clerk-cache-jcache.jar)
     * and the WAR's {@code WEB-INF/lib}, which Maven resolved from the same POM the classifier jars share: exactly the
     * compile and runtime dependencies a consumer declaring the two jars receives (docs/library.md).
     */
    private static List<File> libraryClasspath() {
        Path war = Path.of(System.getProperty("it.war"));
        Path target = war.getParent();
        String base = war.getFileName().toString().replaceAll("\\.war$", "");
        Path webInfLib = target.resolve(base).resolve("WEB-INF/lib");
        try (Stream<Path> deps = Files.list(webInfLib)) {
            List<File> jars = new java.util.ArrayList<>(List.of(target.resolve(base + "-users.jar").toFile(),
                    target.resolve(base + "-jcache.jar").toFile()));
            deps.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toFile()));
            jars.forEach(f -> assertTrue(f.isFile(), f + " is missing: run mvn package first"));
            return jars;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.Set<String> redisKeys() {
        RedissonClient redis = redis();
        try {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            redis.getKeys().getKeysByPattern(PREFIX + "*").forEach(keys::add);
            return keys;
        } finally {
            redis.shutdown();
        }
    }

    private static RedissonClient redis() {
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS);
        return Redisson.create(c);
    }

    private static final String BEANS_XML = """
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    /** Servlet annotations in an EAR's lib/ are not scanned: the module declares the memo's request listener. */
    private static final String WEB_XML = """
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                <listener>
                    <listener-class>io.clerkcache.users.HttpRequestOriginListener</listener-class>
                </listener>
            </web-app>
            """;

    private static final String APPLICATION_XML = """
            <application xmlns="https://jakarta.ee/xml/ns/jakartaee" version="10">
                <module>
                    <web>
                        <web-uri>consumer.war</web-uri>
                        <context-root>/consumer</context-root>
                    </web>
                </module>
            </application>
            """;
}
