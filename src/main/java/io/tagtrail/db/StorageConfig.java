package io.tagtrail.db;

import java.time.Duration;

/**
 * How long TimescaleDB keeps data, when it compresses it and how often it refreshes the roll-ups; applied at start-up
 * by {@link StoragePolicies}. Plain PostgreSQL keeps everything and ignores these settings.
 *
 * @param rawRetention        how long raw reads ({@code tag_reads}) and logged messages ({@code intake_log}) are
 *                            kept
 * @param rawCompressAfter    age from which raw reads are compressed
 * @param occupancyRetention  how long live occupancy snapshots ({@code zone_occupancy}) are kept
 * @param resultRetention     how long visits, trips, late reads and per-minute traffic are kept
 * @param compressAfter       age from which those results and occupancy snapshots are compressed
 * @param rollupRetention     how long the hourly and daily traffic roll-ups are kept
 * @param rollupRefreshInterval how often the roll-ups are refreshed
 * @param rollupRefreshLookback how far back each refresh looks for new or changed rows (late results); the daily
 *                              roll-up looks back at least {@link #MIN_DAILY_LOOKBACK}
 */
public record StorageConfig(Duration rawRetention, Duration rawCompressAfter, Duration occupancyRetention,
                            Duration resultRetention, Duration compressAfter, Duration rollupRetention,
                            Duration rollupRefreshInterval, Duration rollupRefreshLookback) {
    /** A refresh window must span two buckets; the current, incomplete bucket is left to real-time aggregation. */
    public static final Duration MIN_DAILY_LOOKBACK = Duration.ofDays(3);
    /** The newest part that refreshes leave out: it is still being written, and queries compute it on the fly. */
    public static final Duration REFRESH_END_OFFSET = Duration.ofHours(1);

    public static final StorageConfig DEFAULTS = new StorageConfig(Duration.ofDays(7), Duration.ofDays(1),
            Duration.ofDays(30), Duration.ofDays(730), Duration.ofDays(7), Duration.ofDays(1825),
            Duration.ofMinutes(5), Duration.ofDays(3));

    public StorageConfig {
        positive("storage.raw-retention", rawRetention);
        positive("storage.raw-compress-after", rawCompressAfter);
        positive("storage.occupancy-retention", occupancyRetention);
        positive("storage.result-retention", resultRetention);
        positive("storage.compress-after", compressAfter);
        positive("storage.rollup-retention", rollupRetention);
        positive("storage.rollup-refresh-interval", rollupRefreshInterval);
        positive("storage.rollup-refresh-lookback", rollupRefreshLookback);
        if (rollupRefreshLookback.compareTo(REFRESH_END_OFFSET.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("storage.rollup-refresh-lookback must be at least 3h (two hourly"
                    + " buckets besides the current one), got " + rollupRefreshLookback);
        }
        if (dailyLookback(rollupRefreshLookback).compareTo(resultRetention) >= 0) {
            // a refresh over a range whose per-minute rows were dropped would empty the roll-up there
            throw new IllegalArgumentException("storage.rollup-refresh-lookback (at least "
                    + MIN_DAILY_LOOKBACK.toDays() + "d for the daily roll-up) must be shorter than"
                    + " storage.result-retention, got " + rollupRefreshLookback + " and " + resultRetention);
        }
    }

    /** How far back the daily roll-up's refresh looks. */
    public Duration dailyLookback() {
        return dailyLookback(rollupRefreshLookback);
    }

    private static Duration dailyLookback(Duration lookback) {
        return lookback.compareTo(MIN_DAILY_LOOKBACK) < 0 ? MIN_DAILY_LOOKBACK : lookback;
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
        }
    }
}
