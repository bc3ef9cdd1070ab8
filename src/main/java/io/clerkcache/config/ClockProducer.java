package io.clerkcache.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The clock the application reads time from (entry ages, negative-entry expiry): the system clock in UTC. A single
 * injection point lets tests move time instead of waiting for it.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    Clock clock() {
        return Clock.systemUTC();
    }
}
