package io.clerkcache.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The clock the application reads time from (when a cached entry was fetched): the system clock in UTC. Entries,
 * negative ones included, expire by their cache's own expiry, which does not read this clock.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    Clock clock() {
        return Clock.systemUTC();
    }
}
