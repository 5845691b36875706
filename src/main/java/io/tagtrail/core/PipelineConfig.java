package io.tagtrail.core;

import java.time.Duration;

/** Everything a store pipeline is tuned by. */
public record PipelineConfig(PresenceConfig presence, EventTimeConfig eventTime, Duration occupancyInterval) {
    public static final PipelineConfig DEFAULTS =
            new PipelineConfig(PresenceConfig.DEFAULTS, EventTimeConfig.DEFAULTS, Duration.ofSeconds(5));

    public PipelineConfig {
        if (presence == null || eventTime == null) {
            throw new IllegalArgumentException("presence and event-time settings are required");
        }
        PresenceConfig.requirePositive("occupancy.snapshot-interval", occupancyInterval);
    }
}
