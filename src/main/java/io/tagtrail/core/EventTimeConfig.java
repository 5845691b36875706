package io.tagtrail.core;

import java.time.Duration;

/**
 * Event-time policy of a store.
 *
 * @param allowedLateness how far behind the store watermark a read may arrive and still count in results
 * @param idleTimeout     a reader whose newest read is this far behind the store's newest read no longer holds the
 *                        watermark back; with no reads at all for this long (wall time) the watermark moves on
 * @param maxFutureSkew   reads stamped further than this ahead of the receiving clock are rejected
 */
public record EventTimeConfig(Duration allowedLateness, Duration idleTimeout, Duration maxFutureSkew) {
    public static final EventTimeConfig DEFAULTS =
            new EventTimeConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(5));

    public EventTimeConfig {
        PresenceConfig.requireNonNegative("event-time.allowed-lateness", allowedLateness);
        PresenceConfig.requirePositive("event-time.idle-timeout", idleTimeout);
        PresenceConfig.requirePositive("event-time.max-future-skew", maxFutureSkew);
    }
}
