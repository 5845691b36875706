package io.tagtrail.sim;

import io.tagtrail.decode.CapturingDecoderSink;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated reader stream: deterministic to the byte, and with the radio effects the scenario asks for. */
class SimulatorTest {
    @Test
    void sameSeedAndStartGiveByteIdenticalTruthAndRecordInEveryFormat() throws Exception {
        for (String format : List.of("impinj", "zebra", "llrp")) {
            Scenario scenario = SimFixtures.sampleDay(Duration.ofMinutes(20), 900, 7);
            byte[][] first = recordAndTruth(scenario, format);
            byte[][] second = recordAndTruth(scenario, format);
            assertTrue(first[0].length > 1_000_000, format + " record holds a real stream: " + first[0].length);
            assertTrue(first[1].length > 10_000, format + " truth holds visits: " + first[1].length);
            assertArrayEquals(first[0], second[0], format + ": record files differ");
            assertArrayEquals(first[1], second[1], format + ": truth files differ");

            byte[][] otherSeed = recordAndTruth(scenario.withRun(scenario.start(), scenario.duration(), 8), format);
            assertFalse(Arrays.equals(first[0], otherSeed[0]), "another seed is another run");
            assertFalse(Arrays.equals(first[1], otherSeed[1]), "another seed is another truth");
        }
    }

    static byte[][] recordAndTruth(Scenario scenario, String format) throws Exception {
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, format);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        try (RecordFileWriter writer = new RecordFileWriter(record, simulator.describe())) {
            simulator.run(writer, Double.POSITIVE_INFINITY, null);
        }
        StringWriter truth = new StringWriter();
        simulator.writeTruth(truth);
        return new byte[][]{record.toByteArray(), truth.toString().getBytes(StandardCharsets.UTF_8)};
    }

    @Test
    void anOutageSilencesItsReaderForItsWholeSpanAndOnlyThen() {
        Scenario scenario = SimFixtures.scenario("""
                {"rf": {"outages_per_reader_per_hour": 6,
                        "outage_duration": {"law": "uniform", "min_s": 20, "max_s": 40}}}""")
                .withRun(SimFixtures.SATURDAY_10_UTC, Duration.ofHours(1), 5).withShoppersPerHour(600);
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "impinj");
        List<RecordingPublisher.Message> messages = SimFixtures.runInMemory(simulator).messages();
        ReaderRadio[] radios = simulator.radios(simulator.runRandom());
        int outages = 0;
        for (ReaderRadio radio : radios) {
            String topic = "tagtrail/s1/" + radio.id + "/reads";
            long[] times = messages.stream().filter(m -> m.topic().equals(topic))
                    .mapToLong(RecordingPublisher.Message::eventMillis).toArray();
            for (int o = 0; o < radio.outageStart.length; o++) {
                outages++;
                long from = radio.outageStart[o];
                long to = radio.outageEnd[o];
                assertTrue(Arrays.stream(times).noneMatch(t -> t >= from && t < to), radio.id + " sent during its "
                        + "outage " + from + ".." + to);
                assertTrue(Arrays.stream(times).anyMatch(t -> t >= to && t < to + 2_000)
                                || to >= scenario.end().toEpochMilli() - 2_000,
                        radio.id + " reads again after its outage");
            }
        }
        assertTrue(outages >= 10, "outages drawn: " + outages);
    }

    @Test
    void readerClockOffsetShiftsEveryReadOfThatReaderAndNoOther() {
        Scenario scenario = SimFixtures.scenario("""
                {"rf": {"clock_offset_sigma_ms": 0, "readers": {"r-f0-b": {"clock_offset_ms": 1500}}}}""")
                .withRun(SimFixtures.SATURDAY_10_UTC, Duration.ofMinutes(10), 5);
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "impinj");
        int checked = 0;
        for (RecordingPublisher.Message m : SimFixtures.runInMemory(simulator).messages()) {
            long offsetMicros = m.topic().contains("/r-f0-b/") ? 1_500_000 : 0;
            for (TagRead r : decode(m.payload())) {
                long cycleMicros = m.eventMillis() * 1000 + offsetMicros;
                assertTrue(r.timeMicros >= cycleMicros && r.timeMicros < cycleMicros + 500_000,
                        m.topic() + ": read at " + r.timeMicros + " outside its cycle at " + cycleMicros);
                checked++;
            }
        }
        assertTrue(checked > 10_000, "reads checked: " + checked);
    }

    @Test
    void missedReadsDuplicatesAndRssiFollowTheAntennaModel() {
        Scenario scenario = SimFixtures.scenario("""
                {"rf": {"antenna": {"miss_probability": 0.4, "cross_read_probability": 0,
                                    "duplicate_probability": 0.1, "own_rssi_dbm": -50, "rssi_sigma_db": 2},
                        "outages_per_reader_per_hour": 0},
                 "staff": {"badges": 0}, "merchandise": {"counter": 5, "department": 0, "fitting_room": 0}}""")
                .withRun(SimFixtures.SATURDAY_10_UTC, Duration.ofMinutes(30), 5).withShoppersPerHour(0);
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "impinj");
        int counters = 6;
        long cycles = scenario.duration().toMillis() / 500;
        long reads = 0;
        long duplicates = 0;
        double rssiSum = 0;
        double rssiSquares = 0;
        for (RecordingPublisher.Message m : SimFixtures.runInMemory(simulator).messages()) {
            List<TagRead> batch = decode(m.payload());
            for (int i = 0; i < batch.size(); i++) {
                TagRead r = batch.get(i);
                boolean repeat = i > 0 && batch.get(i - 1).timeMicros == r.timeMicros
                        && batch.get(i - 1).epcLo == r.epcLo && batch.get(i - 1).rssiCdbm == r.rssiCdbm;
                if (repeat) {
                    duplicates++;
                    continue;
                }
                reads++;
                rssiSum += r.rssiCdbm / 100.0;
                rssiSquares += (r.rssiCdbm / 100.0) * (r.rssiCdbm / 100.0);
            }
        }
        double expected = counters * 5 * cycles * 0.6;
        assertEquals(expected, reads, 0.01 * expected, "reads of tags in range: 60 % of the cycles");
        assertEquals(0.1, duplicates / (double) reads, 0.005, "duplicate reports");
        double mean = rssiSum / reads;
        assertEquals(-50, mean, 0.05, "mean RSSI");
        assertEquals(2, Math.sqrt(rssiSquares / reads - mean * mean), 0.05, "RSSI noise");
    }

    @Test
    void crossReadsComeFromNeighbouringZonesOnlyAndAreWeaker() {
        Scenario scenario = SimFixtures.scenario("""
                {"rf": {"antenna": {"miss_probability": 0.3, "cross_read_probability": 0.5, "duplicate_probability": 0,
                                    "own_rssi_dbm": -50, "cross_offset_db": 15, "rssi_sigma_db": 1}},
                 "staff": {"badges": 0}, "merchandise": {"counter": 0, "department": 0, "fitting_room": 0}}""")
                .withRun(SimFixtures.SATURDAY_10_UTC, Duration.ofMinutes(30), 9).withShoppersPerHour(600);
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "impinj");
        var layout = SimFixtures.SAMPLE;
        java.util.Map<Long, ShopperPlan> byTag = new java.util.HashMap<>();
        simulator.plans().forEach(p -> byTag.put(p.epcLo(), p));
        long own = 0;
        long cross = 0;
        for (RecordingPublisher.Message m : SimFixtures.runInMemory(simulator).messages()) {
            int reader = layout.readerIndex(m.topic().split("/")[2]);
            for (TagRead r : decode(m.payload())) {
                ShopperPlan p = byTag.get(r.epcLo);
                int antennaZone = layout.zoneOf(reader, r.antenna);
                int tagZone = zoneAt(p, m.eventMillis());
                if (antennaZone == tagZone) {
                    own++;
                    assertTrue(r.rssiCdbm > -5600, "own-zone read at " + r.rssiCdbm);
                } else {
                    cross++;
                    assertTrue(layout.adjacent(antennaZone, tagZone), "a cross-read from a zone that is no neighbour");
                    assertTrue(r.rssiCdbm < -5900, "cross-read at " + r.rssiCdbm);
                }
            }
        }
        assertTrue(own > 10_000 && cross > 10_000, "own " + own + ", cross " + cross);
    }

    /** Where the plan has the tag at the start of a reader cycle, which is where that cycle reads it. */
    private static int zoneAt(ShopperPlan p, long millis) {
        for (int i = 0; i < p.zones().length; i++) {
            if (millis >= p.enterMillis()[i] && millis < p.exitMillis()[i]) {
                return p.zones()[i];
            }
        }
        return -1;
    }

    static List<TagRead> decode(byte[] payload) {
        CapturingDecoderSink out = CapturingDecoderSink.decode(new DecoderSelector("auto").apply(payload), payload);
        assertEquals(List.of(), out.rejects);
        return out.reads;
    }

    @Test
    void aBusyCycleIsSplitIntoMessagesOfAtMostTheConfiguredSize() throws IOException {
        Scenario scenario = SimFixtures.scenario("{\"rf\": {\"max_reads_per_message\": 7}}")
                .withRun(SimFixtures.SATURDAY_10_UTC, Duration.ofMinutes(10), 5).withShoppersPerHour(3000);
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "impinj");
        List<RecordingPublisher.Message> messages = SimFixtures.runInMemory(simulator).messages();
        assertTrue(messages.stream().allMatch(m -> m.reads() <= 7 && decode(m.payload()).size() == m.reads()));
        assertTrue(messages.stream().filter(m -> m.reads() == 7).count() > 1000, "full messages");
        assertEquals(simulator.readsPublished(), messages.stream().mapToLong(RecordingPublisher.Message::reads).sum());
    }
}
