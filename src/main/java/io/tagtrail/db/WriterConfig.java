package io.tagtrail.db;

import java.time.Duration;

/**
 * How results are written.
 *
 * @param batchSize           most rows written in one transaction
 * @param flushInterval       longest a row waits before its batch is written
 * @param queueCapacity       rows buffered ahead of the database; when full, producers wait (backpressure)
 * @param engagementThreshold a counter visit this long or longer is a stop, a shorter one a pass-by
 * @param rawReads            whether every accepted read is also stored in {@code tag_reads}
 * @param intakeLog           whether every message the intake took is stored in {@code intake_log} (durable intake)
 * @param logRetention        how long before a store's quiet point its logged messages are kept (in event time)
 */
public record WriterConfig(int batchSize, Duration flushInterval, int queueCapacity, Duration engagementThreshold,
                           boolean rawReads, boolean intakeLog, Duration logRetention) {
    public static final WriterConfig DEFAULTS = new WriterConfig(2_000, Duration.ofMillis(500), 200_000,
            Duration.ofSeconds(30), false, false, StorageConfig.DEFAULTS.rawRetention());

    /** Without the intake log. */
    public WriterConfig(int batchSize, Duration flushInterval, int queueCapacity, Duration engagementThreshold,
                        boolean rawReads) {
        this(batchSize, flushInterval, queueCapacity, engagementThreshold, rawReads, false,
                StorageConfig.DEFAULTS.rawRetention());
    }

    public WriterConfig {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("writer.batch-size must be 1..100000, got " + batchSize);
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("writer.flush-interval must be positive, got " + flushInterval);
        }
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("writer.queue-capacity must be at least writer.batch-size");
        }
        if (logRetention == null || logRetention.isNegative() || logRetention.isZero()) {
            throw new IllegalArgumentException("storage.raw-retention must be positive, got " + logRetention);
        }
        if (engagementThreshold == null || engagementThreshold.isNegative()) {
            throw new IllegalArgumentException("analytics.engagement-threshold must not be negative");
        }
    }
}
