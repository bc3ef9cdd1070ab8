package io.clerkcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The status page ({@code /status}) in headless Chromium: what it shows is what {@code GET /api/cache/stats} says,
 * for the deployment it is served by (in memory, on Redis), it follows new Clerk calls without a reload, and outside
 * demo mode it shows nothing until an administrator's key is given. Its data endpoint and headers are checked over
 * plain HTTP too (those tests need no browser).
 *
 * <p>Each browser test has its own deployment, so the counters it reads start at zero.
 */
@ExtendWith(ArquillianExtension.class)
class StatusPageIT {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String REDIS_PREFIX = "it:it-status-redis:" + UUID.randomUUID() + ":";
    private static final String READER_KEY = "ck_it_reader_0d6f2b9e8c7a41f3b5e2d9c4a8f1e7b3";
    private static final String WRONG_KEY = "ck_it_admin_not_configured_3f9a2c7e1b8d";

    @Deployment(name = "memory", testable = false)
    static WebArchive inMemory() {
        return Deployments.war("it-status-memory", Map.of());
    }

    @Deployment(name = "redis", testable = false)
    static WebArchive onRedis() {
        return Deployments.war("it-status-redis", Map.of("redis.url", REDIS, "clerk.cache.key-prefix", REDIS_PREFIX));
    }

    /** Not in demo mode: a secret key and a Clerk that is a closed port (nothing here asks Clerk). */
    @Deployment(name = "live", testable = false)
    static WebArchive live() {
        return Deployments.war("it-status-live", Map.of("clerk.demo-mode", "false",
                "clerk.secret-key", "sk_test_it_status", "clerk.api-url", "http://127.0.0.1:1/v1",
                "clerk.auth.api-keys", "it-admin:admin:" + Deployments.sha256Hex(Http.ADMIN_KEY)
                        + ",it-reader:reader:" + Deployments.sha256Hex(READER_KEY)));
    }

    /** Fresh for the browser test that follows Clerk calls; the data and header tests only read it. */
    @ArquillianResource
    @OperateOnDeployment("memory")
    URL memory;

    @ArquillianResource
    @OperateOnDeployment("redis")
    URL redis;

    @ArquillianResource
    @OperateOnDeployment("live")
    URL live;

    @Test
    void statusPage_inMemoryAfterKnownLookups_showsTheStatsAndFollowsNewCalls() {
        Http http = new Http(memory);
        List<String> ids = new Simulator(http).userIds(0, 5);
        // 1. Three users looked up twice each, in separate requests: 3 misses (3 Clerk calls), then 3 cache hits.
        for (int round = 0; round < 2; round++) {
            for (String id : ids.subList(0, 3)) {
                assertEquals(200, http.get("api/users/" + id).statusCode());
            }
        }

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(memory + "status");

            // 2. The page shows the stats: the known lookups' numbers, equal to what the admin endpoint says.
            browser.waitUntil("Clerk calls since start shown as 3", b -> "3".equals(browser.text("calls-total")));
            JsonObject stats = stats(http);
            assertEquals("in-memory", stats.getString("cacheType"));
            assertEquals("in-memory", browser.text("cache-type"));
            assertEquals("not configured", browser.text("redis"));
            assertEquals("0.0 %", browser.text("hit-memo"));
            assertEquals("50.0 %", browser.text("hit-cache"));
            assertEquals("50.0 %", browser.text("hit-overall"));
            assertEquals(percent(stats.getJsonObject("hitRatios").getJsonNumber("overall").doubleValue()),
                    browser.text("hit-overall"));
            assertEquals(String.valueOf(callsLastMinute(stats)), browser.text("calls-per-minute"));
            assertEquals(3, callsLastMinute(stats), stats::toString);
            assertEquals("open", browser.text("budget-state"));
            assertEquals("0", browser.text("budget-rate-limited"));
            assertEquals("0", browser.text("budget-refused"));
            assertFalse(browser.displayed("signin"), "demo mode asks for no key");

            // 3. It refreshes by itself: the chart gains points, the latest (the highest) at the top.
            String[] points = browser.waitUntil("a second sample in the chart", b -> {
                String[] p = browser.attribute("chart-line", "points").trim().split(" ");
                return p.length >= 2 ? p : null;
            });
            assertTrue(points.length <= 30, "at most 30 samples kept: " + points.length);
            assertEquals("4.0", points[points.length - 1].split(",")[1], String.join(" ", points));
            assertEquals("3", browser.text("chart-max"));

            // 4. Two more users looked up: the page follows without a reload.
            for (String id : ids.subList(3, 5)) {
                assertEquals(200, http.get("api/users/" + id).statusCode());
            }
            browser.waitUntil("Clerk calls since start shown as 5", b -> "5".equals(browser.text("calls-total")));
            browser.waitUntil("calls per minute shown as the stats' value",
                    b -> String.valueOf(callsLastMinute(stats(http))).equals(browser.text("calls-per-minute")));
            browser.waitUntil("the chart's highest sample shown as 5", b -> "5".equals(browser.text("chart-max")));
            assertEquals(List.of(), browser.consoleErrors(), "no script error, no Content-Security-Policy violation");
        }
    }

    @Test
    void statusPage_onRedis_showsRedisAndThatItAnswers() {
        Http http = new Http(redis);
        String id = new Simulator(http).userIds(0, 1).get(0);
        assertEquals(200, http.get("api/users/" + id).statusCode());

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(redis + "status");

            browser.waitUntil("the cache type shown", b -> !"–".equals(browser.text("cache-type")));
            JsonObject stats = stats(http);
            assertEquals("redis", stats.getString("cacheType"));
            assertEquals("up", stats.getString("redis"));
            assertEquals("redis", browser.text("cache-type"));
            assertEquals("up", browser.text("redis"));
            // the server's other deployments of this WAR share its application metrics: compare with the stats
            long calls = stats.getJsonObject("upstream").getJsonNumber("callsSinceStart").longValue();
            browser.waitUntil("the calls since start shown as in the stats",
                    b -> Long.toString(stats(http).getJsonObject("upstream").getJsonNumber("callsSinceStart")
                            .longValue()).equals(browser.text("calls-total")));
            assertTrue(calls >= 1, stats::toString);
        }
    }

    @Test
    void statusPage_outsideDemoMode_showsNothingUntilAnAdminKeyIsGiven() {
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(live + "status");

            // 1. No key: the form, and no value.
            browser.waitUntil("the key form shown", b -> browser.displayed("signin"));
            assertEquals("–", browser.text("cache-type"));
            assertTrue(browser.text("message").startsWith("Administrators only"), browser.text("message"));

            // 2. A reader's key is refused, and the form comes back.
            browser.driver().findElement(By.id("token")).sendKeys(READER_KEY + "\n");
            browser.waitUntil("the reader refused", b -> browser.text("message").contains("needs the role admin"));
            assertTrue(browser.displayed("signin"));
            assertEquals("–", browser.text("cache-type"));

            // 3. The admin key: the values, kept for the tab (a reload asks no more).
            browser.driver().findElement(By.id("token")).sendKeys(Http.ADMIN_KEY + "\n");
            browser.waitUntil("the cache type shown", b -> "in-memory".equals(browser.text("cache-type")));
            assertFalse(browser.displayed("signin"));
            browser.open(live + "status");
            browser.waitUntil("the cache type shown after a reload",
                    b -> "in-memory".equals(browser.text("cache-type")));
            assertFalse(browser.displayed("signin"));

            // 4. Forgotten on request.
            browser.driver().findElement(By.id("signout")).click();
            browser.waitUntil("the key form shown again", b -> browser.displayed("signin"));
        }
    }

    @Test
    void statusData_demoMode_openAndTheStatsThemselves() {
        Http http = new Http(memory);

        HttpResponse<String> data = http.anonymous().get("status/data");
        HttpResponse<String> stats = http.get("api/cache/stats");

        assertEquals(200, data.statusCode(), data::body);
        assertEquals("no-store", data.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(Http.object(stats).keySet(), Http.object(data).keySet());
        assertEquals(Http.object(stats).getString("cacheType"), Http.object(data).getString("cacheType"));
    }

    @Test
    void statusData_outsideDemoMode_adminOnly() {
        Http http = new Http(live);

        HttpResponse<String> anonymous = http.anonymous().get("status/data");
        HttpResponse<String> wrong = http.as(WRONG_KEY).get("status/data");
        HttpResponse<String> reader = http.as(READER_KEY).get("status/data");
        HttpResponse<String> admin = http.get("status/data");

        assertEquals(401, anonymous.statusCode(), anonymous::body);
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, wrong.statusCode(), wrong::body);
        assertEquals(403, reader.statusCode(), reader::body);
        assertFalse(reader.body().contains("cacheType"), reader::body);
        assertEquals(200, admin.statusCode(), admin::body);
        assertEquals("in-memory", Http.object(admin).getString("cacheType"));
    }

    @Test
    void statusPage_outsideDemoMode_servedWithoutCredentialsUnderAContentSecurityPolicy() {
        Http anonymous = new Http(live).anonymous();

        for (String path : List.of("status", "status/status.js", "status/status.css")) {
            HttpResponse<String> r = anonymous.get(path);

            assertEquals(200, r.statusCode(), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                    && csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("http"), csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
        HttpResponse<String> page = anonymous.get("status");
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertFalse(page.body().contains("<script>"), "no inline script");
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere");
        assertEquals(401, anonymous.get("status/other.js").statusCode(), "nothing else under status/ is open");
    }

    @AfterAll
    static void leaveNothingInRedis() {
        Config c = new Config();
        c.useSingleServer().setAddress(REDIS);
        RedissonClient client = Redisson.create(c);
        try {
            client.getKeys().deleteByPattern(REDIS_PREFIX + "*");
            client.getKeys().deleteByPattern("*{" + REDIS_PREFIX + "*");
        } finally {
            client.shutdown();
        }
    }

    private static JsonObject stats(Http http) {
        HttpResponse<String> r = http.get("api/cache/stats");
        assertEquals(200, r.statusCode(), r::body);
        return Http.object(r);
    }

    private static long callsLastMinute(JsonObject stats) {
        return stats.getJsonObject("upstream").getJsonNumber("callsLastMinute").longValue();
    }

    /** As the page shows a ratio. */
    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }
}
