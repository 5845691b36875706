package io.tagtrail.db;

import io.tagtrail.config.ConfigException;
import io.tagtrail.config.Settings;
import io.tagtrail.config.TagTrailConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageConfigTest {
    static TagTrailConfig load(Map<String, String> env) {
        return TagTrailConfig.from(Settings.layered(TagTrailConfig.defaults(), Map.of(), env, Map.of()), false);
    }

    @Test
    void defaultsKeepRawReadsAWeekAndResultsTwoYears() {
        StorageConfig s = load(Map.of()).storage();
        assertEquals(StorageConfig.DEFAULTS, s);
        assertEquals(Duration.ofDays(7), s.rawRetention());
        assertEquals(Duration.ofDays(730), s.resultRetention());
        assertEquals(Duration.ofDays(7), s.compressAfter());
        assertEquals(Duration.ofMinutes(5), s.rollupRefreshInterval());
    }

    @Test
    void environmentVariablesOverrideEachPolicy() {
        StorageConfig s = load(Map.of("TAGTRAIL_STORAGE_RAW_RETENTION", "2d", "TAGTRAIL_STORAGE_COMPRESS_AFTER", "36h",
                "TAGTRAIL_STORAGE_ROLLUP_REFRESH_INTERVAL", "30s")).storage();
        assertEquals(Duration.ofDays(2), s.rawRetention());
        assertEquals(Duration.ofHours(36), s.compressAfter());
        assertEquals(Duration.ofSeconds(30), s.rollupRefreshInterval());
    }

    @Test
    void rejectsALookbackThatReachesIntoDroppedResults() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(
                "TAGTRAIL_STORAGE_RESULT_RETENTION", "2d")));
        assertTrue(e.getMessage().contains("storage.rollup-refresh-lookback"), e.getMessage());
    }

    @Test
    void rejectsZeroAndTooShortIntervals() {
        assertThrows(ConfigException.class, () -> load(Map.of("TAGTRAIL_STORAGE_RAW_RETENTION", "0s")));
        assertThrows(ConfigException.class, () -> load(Map.of("TAGTRAIL_STORAGE_ROLLUP_REFRESH_LOOKBACK", "2h")));
    }

    @Test
    void dailyRollupLooksBackAtLeastThreeDaysSoItsWindowHoldsTwoBuckets() {
        StorageConfig d = StorageConfig.DEFAULTS;
        StorageConfig shortLookback = new StorageConfig(d.rawRetention(), d.rawCompressAfter(),
                d.occupancyRetention(), d.resultRetention(), d.compressAfter(), d.rollupRetention(),
                d.rollupRefreshInterval(), Duration.ofHours(6));
        assertEquals(Duration.ofDays(3), shortLookback.dailyLookback());
        assertEquals(Duration.ofHours(6), shortLookback.rollupRefreshLookback());
    }

    @Test
    void intervalsAreWrittenInTheirLargestWholeUnit() {
        assertEquals("7 days", StoragePolicies.interval(Duration.ofDays(7)));
        assertEquals("36 hours", StoragePolicies.interval(Duration.ofHours(36)));
        assertEquals("90 minutes", StoragePolicies.interval(Duration.ofMinutes(90)));
        assertEquals("45 seconds", StoragePolicies.interval(Duration.ofSeconds(45)));
        assertEquals("1500 milliseconds", StoragePolicies.interval(Duration.ofMillis(1500)));
    }

    @Test
    void asksForRetentionOnEveryHypertableAndRollupAndARefreshForEachRollup() {
        var policies = new StoragePolicies(StorageConfig.DEFAULTS).policies();
        assertEquals(10, policies.stream().filter(p -> p.proc().equals("policy_retention")).count());
        assertEquals(7, policies.stream().filter(p -> p.proc().equals("policy_compression")).count());
        assertEquals(2, policies.stream().filter(p -> p.proc().equals("policy_refresh_continuous_aggregate"))
                .count());
    }
}
