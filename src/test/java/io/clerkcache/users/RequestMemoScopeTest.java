package io.clerkcache.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.clerkcache.users.cache.UserCaches;

/**
 * The request memo lives in HTTP requests only: CDI activates a request context for EJB timers and message-driven
 * beans too, where a memo would serve a run's first copy of a user for as long as the run takes and grow with every
 * user it touches.
 */
class RequestMemoScopeTest {

    private DirectoryFixture fixture;

    @BeforeEach
    void start() {
        fixture = DirectoryFixture.start(20, Map.of());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void byId_httpRequest_secondLookupFromTheMemoAfterTheCacheLostIt() {
        String id = fixture.simulator().userIds().get(0);

        fixture.inHttpRequest("198.51.100.7", () -> {
            assertTrue(fixture.directory().byId(id).isPresent());
            clearCache();
            return fixture.directory().byId(id);
        });

        assertEquals(1, fixture.simulator().totalCalls());
        assertEquals(1, fixture.bean(io.clerkcache.metrics.Recorder.class).lookups().memoHits());
    }

    @Test
    void byId_requestContextOfATimerOrMessageBean_noMemoEveryLookupReachesTheCache() {
        String id = fixture.simulator().userIds().get(1);

        fixture.inNonHttpRequestContext(() -> {
            assertTrue(fixture.directory().byId(id).isPresent());
            clearCache();
            return fixture.directory().byId(id);
        });

        assertEquals(2, fixture.simulator().totalCalls(), "the second lookup asked Clerk again: no memo held it");
        assertEquals(0, fixture.bean(io.clerkcache.metrics.Recorder.class).lookups().memoHits());
    }

    @Test
    void current_requestContextOfATimer_noMemo() {
        fixture.inNonHttpRequestContext(() -> {
            fixture.directory().byIds(fixture.simulator().userIds().subList(2, 12));
            assertNull(fixture.bean(RequestMemos.class).current());
            return null;
        });
    }

    private void clearCache() {
        fixture.bean(UserCaches.class).cache(UserCaches.USERS).clear();
    }
}
