package io.tagtrail.core;

import io.tagtrail.core.CapturingResultSink.TripRow;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.Reader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.ZoneKind;
import io.tagtrail.member.Member;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.Epc;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorePipelineTest {
    static final StoreLayout LAYOUT = LayoutLoader.load(Path.of("simulator/layouts/sample-store.json"));
    static final long T0_MILLIS = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    static final long MS = 1_000L; // one millisecond in micros

    static final String CARD = "2D40A3B1C2D3000000004D2F";
    static final String GOLD_CARD = "2D40A3B1C2D300000000A001";
    static final String STAFF_CARD = "2D40A3B1C2D300000000E001";
    static final String MERCHANDISE = "3034257BF4000C4000000123";

    final CapturingResultSink sink = new CapturingResultSink();
    final MemberDirectory members = new MemberDirectory();
    final StorePipeline pipeline = new StorePipeline(LAYOUT, PipelineConfig.DEFAULTS, members, sink);

    static TagRead read(String epcHex, String reader, int antenna, long offsetMillis, double rssiDbm) {
        long[] epc = new long[2];
        assertTrue(Epc.parseHex(epcHex, epc));
        TagRead r = new TagRead();
        r.epcHi = epc[0];
        r.epcLo = epc[1];
        r.readerIndex = LAYOUT.readerIndex(reader);
        r.antenna = antenna;
        r.timeMicros = (T0_MILLIS + offsetMillis) * MS;
        r.rssiCdbm = (int) Math.round(rssiDbm * 100);
        return r;
    }

    /** Offers a read that arrives the moment it was made. */
    RejectReason offer(TagRead r) {
        return pipeline.onRead(r, r.timeMillis());
    }

    static long at(long offsetMillis) {
        return T0_MILLIS + offsetMillis;
    }

    static long lo(String hex) {
        long[] epc = new long[2];
        Epc.parseHex(hex, epc);
        return epc[1];
    }

    @Test
    void countsMerchandiseButNeverTracksIt() {
        for (long t = 0; t <= 3_000; t += 500) {
            assertNull(offer(read(MERCHANDISE, "impinj-f0-a", 3, t, -50)));
        }
        assertEquals(7, pipeline.counters().merchandise());
        assertEquals(7, pipeline.counters().accepted());
        assertEquals(7, sink.rawReads.size(), "kept raw");
        assertEquals(0, pipeline.trackedTags());
        pipeline.finish();
        assertEquals(0, pipeline.counters().shopperReads());
        assertEquals(List.of(), sink.visits);
        assertEquals(List.of(), sink.trips);
        assertEquals(List.of(), sink.minutes);
    }

    @Test
    void countsUnknownTagKindsAndDropsThem() {
        assertNull(offer(read("E28011132000000000000000", "impinj-f0-a", 3, 0, -50)));
        assertNull(offer(read("E28011132000000000000000", "impinj-f0-a", 3, 500, -50)));
        pipeline.finish();
        assertEquals(2, pipeline.counters().unknownTags());
        assertEquals(0, pipeline.counters().shopperReads());
        assertEquals(List.of(), sink.visits);
    }

    @Test
    void rejectsAnAntennaTheReaderDoesNotHave() {
        TagRead r = read(CARD, "r-f0-b", 4, 0, -50);
        assertEquals(RejectReason.UNKNOWN_ANTENNA, offer(r));
        assertEquals(RejectReason.UNKNOWN_ANTENNA, offer(read(CARD, "r-f0-a", 0, 10, -50)));
        assertEquals(2, pipeline.counters().rejected(RejectReason.UNKNOWN_ANTENNA));
        assertEquals(2, pipeline.counters().rejected());
        assertEquals(0, pipeline.counters().accepted());
        assertEquals(List.of(), sink.rawReads);
        assertEquals(-1, r.zoneIndex, "a rejected read is not resolved");
    }

    @Test
    void rejectsAReaderOutsideTheLayout() {
        TagRead r = read(CARD, "r-f0-a", 1, 0, -50);
        r.readerIndex = LAYOUT.readers().size();
        assertEquals(RejectReason.UNKNOWN_READER, offer(r));
        r.readerIndex = -1;
        assertEquals(RejectReason.UNKNOWN_READER, offer(r));
        assertEquals(2, pipeline.counters().rejected(RejectReason.UNKNOWN_READER));
    }

    @Test
    void rejectsAReadStampedTooFarInTheFuture() {
        TagRead r = read(CARD, "r-f0-a", 3, 5 * 60_000 + 1, -50);
        assertEquals(RejectReason.TIMESTAMP_IN_FUTURE, pipeline.onRead(r, at(0)));
        TagRead ok = read(CARD, "r-f0-a", 3, 5 * 60_000, -50);
        assertNull(pipeline.onRead(ok, at(0)));
        assertEquals(1, pipeline.counters().rejected(RejectReason.TIMESTAMP_IN_FUTURE));
    }

    @Test
    void countsAReadOlderThanTheReleasedBoundAsLateAndHandsItToTheSink() {
        offer(read(CARD, "r-f0-a", 3, 10_000, -55));
        offer(read(CARD, "r-f0-a", 3, 15_000, -55));
        assertEquals(at(13_000), pipeline.watermarkMillis());
        assertEquals(1, pipeline.counters().shopperReads(), "the read at 10 s was released");

        TagRead late = read(CARD, "r-f0-c", 1, 12_000, -50);
        assertNull(pipeline.onRead(late, at(15_100)), "accepted, not rejected");
        assertEquals(1, pipeline.counters().late());
        assertEquals(1, sink.lateReads.size());
        assertSame(late, sink.lateReads.get(0));
        assertEquals(LAYOUT.zoneIndex("c-watches"), late.zoneIndex, "zone resolved for raw storage");
        assertEquals(3, pipeline.counters().accepted(), "late reads are accepted reads");

        pipeline.finish();
        assertEquals(2, pipeline.counters().shopperReads(), "the late read is never applied");
        assertTrue(sink.visits.stream().noneMatch(v -> v.zoneIndex() == LAYOUT.zoneIndex("c-watches")));
    }

    @Test
    void turnsReadsIntoVisitsTripsMinutesAndOccupancy() {
        int hall = LAYOUT.zoneIndex("z-f0-hall");
        for (long t = 0; t <= 20_000; t += 500) {
            offer(read(CARD, "impinj-f0-a", t % 1_000 == 0 ? 3 : 4, t, -55));
        }
        assertEquals(1, pipeline.openVisits());
        assertEquals(1, pipeline.occupancyNow()[hall]);
        pipeline.finish();
        assertEquals(List.of(new ZoneVisit(Long.parseUnsignedLong(CARD.substring(0, 16), 16), lo(CARD), hall,
                at(0), at(20_000), 41)), sink.visits);
        assertEquals(1, sink.trips.size());
        assertEquals(List.of(hall), sink.trips.get(0).path());
        assertEquals(at(0), sink.trips.get(0).startMillis());
        assertEquals(at(20_000), sink.trips.get(0).endMillis());
        assertFalse(sink.trips.get(0).leftByEntrance());
        assertEquals(LAYOUT.zoneCount() + 2, sink.minutes.size());
        ZoneMinute hallMinute = sink.minutes.stream().filter(m -> m.zoneIndex() == hall).findFirst().orElseThrow();
        assertEquals(new ZoneMinute(at(0), 0, hall, 1, 1, 20_000 / 60_000.0, 1), hallMinute);
        assertFalse(sink.snapshots.isEmpty());
        assertEquals(1, (int) sink.snapshots.get(0).occupancy().get(hall));
        assertEquals(0, pipeline.openVisits());
        assertEquals(0, pipeline.occupancyNow()[hall]);
        assertEquals(1, pipeline.counters().visits());
        assertEquals(1, pipeline.counters().trips());
    }

    @Test
    void joinsVisitsAndTripsToMembersAndLeavesStaffOut() {
        Member gold = new Member("m-1", "gold", "family");
        members.replace(Map.of(GOLD_CARD, gold, STAFF_CARD, new Member("m-9", Member.STAFF_TIER, "staff")));
        for (long t = 0; t <= 4_000; t += 500) {
            offer(read(GOLD_CARD, "impinj-f0-b", 1, t, -55));
            offer(read(CARD, "impinj-f0-c", 1, t, -55));
            offer(read(STAFF_CARD, "impinj-f0-c", 2, t, -50));
        }
        pipeline.finish();
        assertEquals(2, sink.visits.size());
        for (int i = 0; i < sink.visits.size(); i++) {
            long epcLo = sink.visits.get(i).epcLo();
            assertEquals(epcLo == lo(GOLD_CARD) ? gold : null, sink.visitMembers.get(i));
            assertTrue(epcLo != lo(STAFF_CARD));
        }
        assertEquals(2, sink.trips.size());
        for (int i = 0; i < sink.trips.size(); i++) {
            assertEquals(sink.trips.get(i).epcLo() == lo(GOLD_CARD) ? gold : null, sink.tripMembers.get(i));
        }
    }

    @Test
    void closesVisitsOfSilentTagsWhenNoReaderReportsAnything() {
        for (long t = 0; t <= 4_000; t += 500) {
            offer(read(CARD, "impinj-f0-a", 3, t, -55));
        }
        pipeline.onIdle(at(4_000) + 4_999);
        assertEquals(List.of(), sink.visits, "not yet idle");
        pipeline.onIdle(at(4_000) + 12_000);
        assertEquals(1, sink.visits.size());
        assertEquals(at(4_000), sink.visits.get(0).exitMillis());
        assertEquals(at(14_000), pipeline.watermarkMillis());
    }

    @Test
    void whileTheInstanceHoldsReadsBackTheReadersSilenceDoesNotMoveEventTime() {
        for (long t = 0; t <= 4_000; t += 500) {
            offer(read(CARD, "impinj-f0-a", 3, t, -55));
        }
        // database or broker away for 20 s: the readers' reads wait elsewhere, so their silence means nothing
        for (long held = 1_000; held <= 20_000; held += 1_000) {
            pipeline.holdIdle(at(4_000) + held);
        }
        pipeline.onIdle(at(4_000) + 24_999);
        assertEquals(List.of(), sink.visits, "quiet for less than the idle timeout since the hold ended");
        assertEquals(1, pipeline.openVisits());
        pipeline.onIdle(at(4_000) + 32_000);
        assertEquals(1, sink.visits.size(), "quiet for 12 s after the hold: event time moves on");
        assertEquals(at(4_000), sink.visits.get(0).exitMillis());
        assertEquals(at(14_000), pipeline.watermarkMillis());
    }

    @Test
    void neverWritesAVisitOrTripOfACardThatTheDirectoryMarksAsStaffMidVisit() {
        for (long t = 0; t <= 4_000; t += 500) {
            offer(read(STAFF_CARD, "impinj-f0-a", 3, t, -55));
        }
        assertEquals(1, pipeline.openVisits(), "not yet known as staff: tracked as a shopper");
        members.replace(Map.of(STAFF_CARD, new Member("m-9", Member.STAFF_TIER, "staff")));
        for (long t = 4_500; t <= 30_000; t += 500) {
            offer(read(STAFF_CARD, "impinj-f0-a", 3, t, -55));
        }
        pipeline.finish();
        for (Member m : sink.visitMembers) {
            assertFalse(m != null && m.isStaff(), "a zone visit joined to a staff badge: " + sink.visits);
        }
        for (Member m : sink.tripMembers) {
            assertFalse(m != null && m.isStaff(), "a trip joined to a staff badge: " + sink.trips);
        }
    }

    // ---------------------------------------------------------------- property: arrival order does not matter

    /** The (reader, port) pairs whose antennas cover each zone. */
    static final List<List<int[]>> ANTENNAS = antennasByZone();

    static List<List<int[]>> antennasByZone() {
        List<List<int[]>> byZone = new ArrayList<>();
        for (int z = 0; z < LAYOUT.zoneCount(); z++) {
            byZone.add(new ArrayList<>());
        }
        for (Reader r : LAYOUT.readers()) {
            r.antennaZones().forEach((port, zone) -> byZone.get(zone).add(new int[] {r.index(), port}));
        }
        return byZone;
    }

    /** Zones from {@code from} to the nearest entrance, {@code from} excluded. */
    static List<Integer> pathToEntrance(int from) {
        int[] previous = new int[LAYOUT.zoneCount()];
        Arrays.fill(previous, -2);
        previous[from] = -1;
        Deque<Integer> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            int z = queue.poll();
            if (LAYOUT.zone(z).kind() == ZoneKind.ENTRANCE && z != from) {
                List<Integer> path = new ArrayList<>();
                for (int at = z; at != from; at = previous[at]) {
                    path.add(0, at);
                }
                return path;
            }
            for (int n : LAYOUT.neighbours(z)) {
                if (previous[n] == -2) {
                    previous[n] = z;
                    queue.add(n);
                }
            }
        }
        throw new AssertionError("no entrance reachable from " + from);
    }

    /**
     * A noisy in-order read stream: each tag enters at an entrance, wanders through adjacent zones and walks back
     * out. Each antenna of the tag's zone reads it with probability 0.65, neighbouring zones' antennas cross-read it
     * 10 to 20 dB weaker with probability 0.25.
     */
    static List<TagRead> walkingShoppers(long seed, int shoppers) {
        Random random = new Random(seed);
        int[] entrances = {LAYOUT.zoneIndex("z-entrance-n"), LAYOUT.zoneIndex("z-entrance-s")};
        List<TagRead> reads = new ArrayList<>();
        for (int s = 0; s < shoppers; s++) {
            long hi = (s % 3 == 2 ? 0x35000A1B2C0000E1L : 0x2D40A3B1C2D30000L) + s;
            long lo = random.nextInt() & 0xFFFFFFFFL;
            List<Integer> walk = new ArrayList<>();
            walk.add(entrances[random.nextInt(2)]);
            int steps = 3 + random.nextInt(6);
            for (int k = 0; k < steps; k++) {
                int[] n = LAYOUT.neighbours(walk.get(walk.size() - 1));
                walk.add(n[random.nextInt(n.length)]);
            }
            walk.addAll(pathToEntrance(walk.get(walk.size() - 1)));
            long tMicros = T0_MILLIS * MS + random.nextInt(90_000) * MS;
            for (int zone : walk) {
                long leave = tMicros + (6_000 + random.nextInt(40_000)) * MS;
                while (tMicros < leave) {
                    for (int[] a : ANTENNAS.get(zone)) {
                        if (random.nextDouble() < 0.65) {
                            reads.add(read(hi, lo, a, tMicros + random.nextInt(1_000), -48 - random.nextInt(900) / 100.0));
                        }
                    }
                    for (int n : LAYOUT.neighbours(zone)) {
                        for (int[] a : ANTENNAS.get(n)) {
                            if (random.nextDouble() < 0.25) {
                                reads.add(read(hi, lo, a, tMicros + random.nextInt(1_000),
                                        -60 - random.nextInt(1_000) / 100.0));
                            }
                        }
                    }
                    tMicros += (150 + random.nextInt(250)) * MS;
                }
            }
        }
        reads.sort(Comparator.comparingLong(r -> r.timeMicros));
        return reads;
    }

    static TagRead read(long hi, long lo, int[] antenna, long timeMicros, double rssiDbm) {
        TagRead r = new TagRead();
        r.epcHi = hi;
        r.epcLo = lo;
        r.readerIndex = antenna[0];
        r.antenna = antenna[1];
        r.timeMicros = timeMicros;
        r.rssiCdbm = (int) Math.round(rssiDbm * 100);
        return r;
    }

    record Arrival(TagRead read, long wallMillis) {
    }

    record Result(List<ZoneVisit> visits, List<TripRow> trips, List<ZoneMinute> minutes, long late) {
    }

    static Result run(List<Arrival> arrivals) {
        CapturingResultSink s = new CapturingResultSink();
        StorePipeline p = new StorePipeline(LAYOUT, PipelineConfig.DEFAULTS, new MemberDirectory(), s);
        for (Arrival a : arrivals) {
            assertNull(p.onRead(a.read().copy(), a.wallMillis()));
        }
        p.finish();
        return new Result(s.visits, s.trips, s.minutes, p.counters().late());
    }

    @Test
    void anyArrivalOrderWithinTheAllowedLatenessGivesTheSameVisitsTripsAndMinutes() {
        long latenessMicros = EventTimeConfig.DEFAULTS.allowedLateness().toNanos() / 1000;
        for (long seed = 1; seed <= 3; seed++) {
            List<TagRead> stream = walkingShoppers(seed, 6);
            Result inOrder = run(stream.stream().map(r -> new Arrival(r, r.timeMillis())).toList());
            assertEquals(0, inOrder.late());
            assertTrue(inOrder.visits().size() >= 6 * 4, "seed " + seed + ": " + inOrder.visits().size() + " visits");
            assertTrue(inOrder.trips().size() >= 6, "seed " + seed + ": " + inOrder.trips().size() + " trips");

            Random random = new Random(seed * 1_000_003);
            for (int trial = 0; trial < 25; trial++) {
                // each read arrives displaced by less than the allowed lateness
                long[] arrivalMicros = new long[stream.size()];
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < stream.size(); i++) {
                    arrivalMicros[i] = stream.get(i).timeMicros + random.nextInt((int) latenessMicros);
                    order.add(i);
                }
                order.sort(Comparator.comparingLong(i -> arrivalMicros[i]));
                List<Arrival> arrivals = new ArrayList<>();
                for (int i : order) {
                    arrivals.add(new Arrival(stream.get(i), Math.floorDiv(arrivalMicros[i], MS)));
                }
                Result reordered = run(arrivals);
                String where = "seed " + seed + " trial " + trial;
                assertEquals(0, reordered.late(), where);
                assertEquals(inOrder.visits(), reordered.visits(), where);
                assertEquals(inOrder.trips(), reordered.trips(), where);
                assertEquals(inOrder.minutes(), reordered.minutes(), where);
            }
        }
    }
}
