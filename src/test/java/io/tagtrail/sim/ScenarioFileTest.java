package io.tagtrail.sim;

import io.tagtrail.layout.ZoneKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario files: laid over the defaults, checked strictly, and every bundled one runs on its layout. */
class ScenarioFileTest {
    @Test
    void theDefaultsAreTheDocumentedRealisticValues() {
        ScenarioFile file = ScenarioFile.defaults();
        Scenario s = file.scenario();
        assertNull(file.start(), "the default start is left to the caller (now minus the duration)");
        assertEquals(Duration.ofMinutes(10), s.duration());
        assertEquals(600, s.shoppersPerHour());
        assertEquals(0.35, s.rf().antenna().missProbability());
        assertEquals(13, s.rf().antenna().crossOffsetDb());
        assertEquals(20, s.rf().clockOffsetSigmaMillis(), "reader clocks within tens of ms (NTP)");
        assertTrue(s.rf().outagesPerReaderPerHour() <= 0.1, "outages are rare");
        assertTrue(s.rf().outageDuration().medianMillis() <= 10_000, "and short");
    }

    @Test
    void aScenarioStatesOnlyWhatDiffersFromTheDefaults() {
        Scenario s = SimFixtures.scenario("""
                {"arrivals": {"shoppers_per_hour": 42},
                 "zone_kinds": {"counter": {"stop_probability": 0.9}},
                 "zones": {"c-watches": {"attraction": 7}},
                 "rf": {"antenna": {"miss_probability": 0.5}, "antennas": {"r-f0-a:1": {"rssi_sigma_db": 6}}}}""");
        assertEquals(42, s.shoppersPerHour());
        assertEquals(0.9, s.zoneKinds().get(ZoneKind.COUNTER).stopProbability());
        assertEquals(3.0, s.zoneKinds().get(ZoneKind.COUNTER).attraction(), "kept from the defaults");
        assertEquals(7, s.behaviour("c-watches", ZoneKind.COUNTER).attraction());
        assertEquals(0.9, s.behaviour("c-watches", ZoneKind.COUNTER).stopProbability(), "the rest from its kind");
        assertEquals(0.5, s.rf().antenna().missProbability());
        assertEquals(6, s.rf().antenna("r-f0-a", 1).rssiSigmaDb());
        assertEquals(0.5, s.rf().antenna("r-f0-a", 1).missProbability(), "an antenna override keeps the rest");
        assertEquals(0.5, s.rf().antenna("r-f0-a", 2).missProbability());
    }

    @Test
    void aMistypedSettingIsRejectedWithItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimFixtures.scenario("{\"rf\": {\"antenna\": {\"miss_probabilty\": 0.5}}}"));
        assertTrue(e.getMessage().contains("rf.antenna.miss_probabilty is not a scenario setting"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SimFixtures.scenario("{\"rf\": {\"antenna\": {\"miss_probability\": 1.5}}}"));
        assertTrue(e.getMessage().contains("rf.antenna") && e.getMessage().contains("miss_probability"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimFixtures.scenario(
                "{\"zone_kinds\": {\"counter\": {\"stop_dwell\": {\"law\": \"gamma\"}}}}"));
        assertTrue(e.getMessage().contains("zone_kinds.counter.stop_dwell.law"), e.getMessage());
    }

    @Test
    void aScenarioNamingAZoneTheStoreLacksIsRejected() {
        Scenario s = SimFixtures.scenario("{\"zones\": {\"c-nowhere\": {\"attraction\": 1}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShopperPlanner(SimFixtures.SAMPLE, s));
        assertTrue(e.getMessage().contains("c-nowhere"), e.getMessage());
    }

    @Test
    void everyBundledScenarioLoadsAndPlansOnItsLayout() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("simulator/scenarios"))) {
            long n = files.filter(f -> f.toString().endsWith(".json")).peek(f -> {
                ScenarioFile file = ScenarioFile.load(f);
                var layout = file.layout() != null ? io.tagtrail.layout.LayoutLoader.load(Path.of(file.layout()))
                        : SimFixtures.SAMPLE;
                Scenario s = file.scenario().withRun(file.scenario().start(), Duration.ofMinutes(30),
                        file.scenario().seed());
                assertTrue(new ShopperPlanner(layout, s).plan().size() >= s.staff(), f.toString());
            }).count();
            assertTrue(n >= 5, "bundled scenarios: " + n);
        }
    }
}
