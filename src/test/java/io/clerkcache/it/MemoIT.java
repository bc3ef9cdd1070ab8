package io.clerkcache.it;

import java.net.URL;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.clerkcache.metrics.Recorder;
import io.clerkcache.users.UserDirectory;
import io.clerkcache.users.cache.UserCaches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inside Liberty, within one request (Arquillian runs each test in a servlet request): the request memo answers a
 * repeated lookup even when the shared cache lost the entry in between.
 */
@ExtendWith(ArquillianExtension.class)
class MemoIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("it-memo", Map.of("redis.url", "redis://127.0.0.1:6379"))
                .addClasses(Deployments.class, Http.class, Simulator.class);
    }

    @Inject
    UserDirectory directory;
    @Inject
    UserCaches caches;
    @Inject
    Recorder clerkCalls;
    @ArquillianResource
    URL base;

    @Test
    void byId_twiceInOneRequestWithRedisFlushedBetween_secondFromMemo() {
        String id = someUserIds(1).get(0);
        long before = clerkCalls.clerkCallsTotal();

        assertTrue(directory.byId(id).isPresent());
        caches.cache(UserCaches.USERS).clear(); // what FLUSHALL would do to this service's entries
        assertTrue(directory.byId(id).isPresent());

        assertEquals(before + 1, clerkCalls.clerkCallsTotal());
    }

    @Test
    void byIds_thenById_inOneRequest_memoServesTheSingleLookup() {
        List<String> ids = someUserIds(3).subList(1, 3);
        long before = clerkCalls.clerkCallsTotal();

        assertEquals(2, directory.byIds(ids).users().size());
        caches.cache(UserCaches.USERS).clear();
        assertTrue(directory.byId(ids.get(0)).isPresent());
        assertTrue(directory.byId(ids.get(1)).isPresent());

        assertEquals(before + 1, clerkCalls.clerkCallsTotal());
    }

    @Test
    void invalidate_inOneRequest_forgetsTheMemoToo() {
        String id = someUserIds(4).get(3);
        long before = clerkCalls.clerkCallsTotal();

        directory.byId(id);
        directory.invalidate(id);
        directory.byId(id);

        assertEquals(before + 2, clerkCalls.clerkCallsTotal());
    }

    @AfterEach
    void leaveNothingInRedis() {
        directory.invalidateAll();
    }

    private List<String> someUserIds(int n) {
        // Ids straight from "Clerk" (the deployment's simulator), so the test does not depend on seed values.
        List<String> ids = new Simulator(new Http(base)).userIds(0, n);
        caches.cache(UserCaches.USERS).clear();
        return ids;
    }
}
