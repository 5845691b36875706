package io.tagtrail.core;

import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PresenceTrackerTest {
    static final StoreLayout LAYOUT = LayoutLoader.load(Path.of("simulator/layouts/sample-store.json"));
    static final long HI = 0x2D40A3B1C2D30000L;
    static final long SHOPPER = 1;
    static final long OTHER = 2;
    static final long STAFF = 3;

    static final int ENTRANCE_N = LAYOUT.zoneIndex("z-entrance-n");
    static final int HALL = LAYOUT.zoneIndex("z-f0-hall");
    static final int WATCHES = LAYOUT.zoneIndex("c-watches");

    record Opened(long epcLo, int zone, long enterMillis, int previousZone) {
    }

    record TripRow(long epcLo, long startMillis, long endMillis, List<Integer> path, boolean leftByEntrance) {
        static TripRow of(Trip t) {
            return new TripRow(t.epcLo(), t.startMillis(), t.endMillis(),
                    Arrays.stream(t.path()).boxed().toList(), t.leftByEntrance());
        }
    }

    static ZoneVisit visit(long lo, int zone, long enter, long exit, int reads) {
        return new ZoneVisit(HI, lo, zone, enter, exit, reads);
    }

    static TripRow trip(long lo, long start, long end, boolean byEntrance, Integer... path) {
        return new TripRow(lo, start, end, List.of(path), byEntrance);
    }

    final List<Opened> opened = new ArrayList<>();
    final List<ZoneVisit> visits = new ArrayList<>();
    final List<TripRow> trips = new ArrayList<>();
    final PresenceListener listener = new PresenceListener() {
        @Override
        public void visitOpened(long epcHi, long epcLo, int zoneIndex, long enterMillis, int previousZone) {
            assertEquals(HI, epcHi);
            opened.add(new Opened(epcLo, zoneIndex, enterMillis, previousZone));
        }

        @Override
        public void visitClosed(ZoneVisit visit) {
            visits.add(visit);
        }

        @Override
        public void tripClosed(Trip trip) {
            assertEquals(HI, trip.epcHi());
            trips.add(TripRow.of(trip));
        }

        @Override
        public void visitCancelled(long epcHi, long epcLo, int zoneIndex) {
            cancelled.add(zoneIndex);
        }
    };
    final List<Integer> cancelled = new ArrayList<>();

    PresenceTracker tracker = new PresenceTracker(LAYOUT, PresenceConfig.DEFAULTS, TagFilter.ALL, listener);

    /** One read at an explicit time, after moving event time there as the pipeline does. */
    void read(long lo, int zone, long millis, double rssiDbm) {
        tracker.advanceTo(millis);
        tracker.onRead(HI, lo, zone, millis, (int) Math.round(rssiDbm * 100));
    }

    /** Reads every {@code stepMillis} from {@code fromMillis} to {@code toMillis} inclusive. */
    void reads(long lo, int zone, long fromMillis, long toMillis, long stepMillis, double rssiDbm) {
        for (long t = fromMillis; t <= toMillis; t += stepMillis) {
            read(lo, zone, t, rssiDbm);
        }
    }

    @Test
    void confirmsZoneAfterConfirmReadsDatedBackToTheFirstRead() {
        read(SHOPPER, HALL, 1_000, -55);
        assertEquals(List.of(), opened, "one read is not enough");
        read(SHOPPER, HALL, 2_000, -56);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 1_000, -1)), opened);
        assertEquals(1, tracker.openVisits());
        assertEquals(1, tracker.trackedTags());
    }

    @Test
    void doesNotConfirmZoneWhenReadsAreFurtherApartThanTheConfirmWindow() {
        read(SHOPPER, HALL, 1_000, -55);
        read(SHOPPER, HALL, 4_500, -55);
        assertEquals(List.of(), opened);
        read(SHOPPER, HALL, 6_000, -55);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 4_500, -1)), opened);
    }

    @Test
    void forgetsATagSeenOnlyOnceAfterTheLostTimeout() {
        read(SHOPPER, HALL, 1_000, -55);
        tracker.advanceTo(11_000);
        assertEquals(0, tracker.trackedTags());
        tracker.advanceTo(1_000_000);
        assertEquals(List.of(), opened);
        assertEquals(List.of(), visits);
        assertEquals(List.of(), trips);
    }

    @Test
    void closesVisitWhenTagUnseenForLostTimeout() {
        reads(SHOPPER, HALL, 1_000, 4_000, 1_000, -55);
        tracker.advanceTo(13_999);
        assertEquals(List.of(), visits);
        tracker.advanceTo(14_000);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 4_000, 4)), visits, "closed at the last read of the zone");
        assertEquals(0, tracker.openVisits());
        assertEquals(List.of(), trips, "the trip stays open: hall is not an entrance");
    }

    @Test
    void keepsTheTripOpenUntilTheTripTimeoutWhenTheLastZoneIsNotAnEntrance() {
        reads(SHOPPER, HALL, 1_000, 4_000, 1_000, -55);
        tracker.advanceTo(4_000 + 300_000 - 1);
        assertEquals(List.of(), trips);
        assertEquals(1, tracker.trackedTags(), "dormant, trip open");
        tracker.advanceTo(4_000 + 300_000);
        assertEquals(List.of(trip(SHOPPER, 1_000, 4_000, false, HALL)), trips);
        assertEquals(0, tracker.trackedTags());
    }

    @Test
    void weakerCrossReadsFromANeighbouringZoneNeverMoveTheTag() {
        for (long t = 1_000; t <= 20_000; t += 500) {
            read(SHOPPER, HALL, t, (t / 500) % 2 == 0 ? -54 : -56);
            if (t < 20_000) {
                // the watches counter's antenna cross-reads the tag 13 dB weaker
                read(SHOPPER, WATCHES, t + 250, (t / 500) % 2 == 0 ? -67 : -69);
            }
        }
        tracker.advanceTo(30_000);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 1_000, -1)), opened);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 20_000, 39)), visits);
    }

    @Test
    void staysWhenTheNeighbourIsStrongerByLessThanTheHysteresis() {
        reads(SHOPPER, HALL, 1_000, 2_500, 500, -55);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 1_000, -1)), opened);
        for (long t = 3_000; t <= 20_000; t += 500) {
            read(SHOPPER, WATCHES, t - 250, -53);
            read(SHOPPER, HALL, t, -55);
        }
        tracker.closeAll();
        assertEquals(List.of(new Opened(SHOPPER, HALL, 1_000, -1)), opened);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 20_000, 39)), visits);
    }

    @Test
    void movesToANeighbourWithStrongReadsAndTheOldExitIsTheNewEnter() {
        reads(SHOPPER, HALL, 1_000, 10_000, 500, -55);
        reads(SHOPPER, WATCHES, 10_500, 20_000, 500, -50);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 1_000, -1), new Opened(SHOPPER, WATCHES, 10_500, HALL)),
                opened);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 10_500, 19)), visits);
        tracker.advanceTo(30_000);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 10_500, 19), visit(SHOPPER, WATCHES, 10_500, 20_000, 20)),
                visits);
        assertEquals(visits.get(0).exitMillis(), visits.get(1).enterMillis());
        tracker.advanceTo(320_000);
        assertEquals(List.of(trip(SHOPPER, 1_000, 20_000, false, HALL, WATCHES)), trips);
    }

    @Test
    void closesATripThatEndsAtAnEntranceAtTheLostTimeout() {
        reads(SHOPPER, ENTRANCE_N, 1_000, 2_000, 500, -50);
        reads(SHOPPER, HALL, 2_500, 10_000, 500, -45);
        reads(SHOPPER, ENTRANCE_N, 10_500, 12_000, 500, -40);
        assertEquals(List.of(
                new Opened(SHOPPER, ENTRANCE_N, 1_000, -1),
                new Opened(SHOPPER, HALL, 2_500, ENTRANCE_N),
                new Opened(SHOPPER, ENTRANCE_N, 10_500, HALL)), opened);
        tracker.advanceTo(21_999);
        assertEquals(List.of(), trips);
        tracker.advanceTo(22_000);
        assertEquals(List.of(
                visit(SHOPPER, ENTRANCE_N, 1_000, 2_500, 3),
                visit(SHOPPER, HALL, 2_500, 10_500, 16),
                visit(SHOPPER, ENTRANCE_N, 10_500, 12_000, 4)), visits);
        assertEquals(List.of(trip(SHOPPER, 1_000, 12_000, true, ENTRANCE_N, HALL, ENTRANCE_N)), trips);
        assertEquals(0, tracker.trackedTags());
    }

    @Test
    void continuesTheTripWhenTheTagReturnsBeforeTheTripTimeout() {
        reads(SHOPPER, HALL, 1_000, 2_000, 500, -55);
        tracker.advanceTo(12_000);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 2_000, 3)), visits);
        reads(SHOPPER, WATCHES, 60_000, 61_000, 500, -55);
        assertEquals(new Opened(SHOPPER, WATCHES, 60_000, HALL), opened.get(1));
        tracker.advanceTo(71_000);
        assertEquals(visit(SHOPPER, WATCHES, 60_000, 61_000, 3), visits.get(1));
        tracker.advanceTo(360_999);
        assertEquals(List.of(), trips);
        tracker.advanceTo(361_000);
        assertEquals(List.of(trip(SHOPPER, 1_000, 61_000, false, HALL, WATCHES)), trips);
    }

    @Test
    void aVisitAfterALostOneStartsAfterTheLostVisitsLastRead() {
        // a confirm window longer than the lost timeout lets a run span the gap in which the tag was lost
        PresenceConfig longRuns = new PresenceConfig(2, Duration.ofSeconds(20), 3.0, 0.4, 2.0, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(10), 4);
        tracker = new PresenceTracker(LAYOUT, longRuns, TagFilter.ALL, listener);
        read(SHOPPER, HALL, 0, -55);
        read(SHOPPER, HALL, 1_000, -55);
        read(SHOPPER, WATCHES, 1_500, -56);
        read(SHOPPER, HALL, 2_000, -55);
        tracker.advanceTo(7_000);
        assertEquals(List.of(visit(SHOPPER, HALL, 0, 2_000, 3)), visits, "lost, closed at its last read");
        read(SHOPPER, WATCHES, 8_000, -56);
        assertEquals(new Opened(SHOPPER, WATCHES, 2_001, HALL), opened.get(1),
                "the run began at 1,500, but the visit not before the hall's last read");
        tracker.closeAll();
        assertEquals(visit(SHOPPER, WATCHES, 2_001, 8_000, 2), visits.get(1));
        assertEquals(List.of(trip(SHOPPER, 0, 8_000, false, HALL, WATCHES)), trips);
    }

    @Test
    void startsANewTripAfterLeavingThroughAnEntrance() {
        reads(SHOPPER, ENTRANCE_N, 1_000, 2_000, 500, -50);
        tracker.advanceTo(12_000);
        reads(SHOPPER, ENTRANCE_N, 100_000, 100_500, 500, -50);
        tracker.advanceTo(111_000);
        assertEquals(List.of(new Opened(SHOPPER, ENTRANCE_N, 1_000, -1),
                new Opened(SHOPPER, ENTRANCE_N, 100_000, -1)), opened);
        assertEquals(List.of(trip(SHOPPER, 1_000, 2_000, true, ENTRANCE_N),
                trip(SHOPPER, 100_000, 100_500, true, ENTRANCE_N)), trips);
    }

    @Test
    void aTagTheFilterExcludesYieldsNoVisits() {
        TagFilter noStaff = new TagFilter() {
            @Override
            public boolean counts(long epcHi, long epcLo) {
                return epcLo != STAFF;
            }

            @Override
            public int generation() {
                return 1;
            }
        };
        tracker = new PresenceTracker(LAYOUT, PresenceConfig.DEFAULTS, noStaff, listener);
        for (long t = 1_000; t <= 5_000; t += 500) {
            read(STAFF, HALL, t, -45);
            read(SHOPPER, WATCHES, t, -55);
        }
        assertEquals(2, tracker.trackedTags());
        assertEquals(1, tracker.openVisits());
        tracker.closeAll();
        assertEquals(List.of(new Opened(SHOPPER, WATCHES, 1_000, -1)), opened);
        assertEquals(List.of(visit(SHOPPER, WATCHES, 1_000, 5_000, 9)), visits);
        assertEquals(List.of(trip(SHOPPER, 1_000, 5_000, false, WATCHES)), trips);
        assertEquals(0, tracker.trackedTags());
    }

    @Test
    void takesTheFilterAgainWhenItsGenerationChanges() {
        int[] generation = {1};
        boolean[] excluded = {true};
        TagFilter filter = new TagFilter() {
            @Override
            public boolean counts(long epcHi, long epcLo) {
                return !excluded[0];
            }

            @Override
            public int generation() {
                return generation[0];
            }
        };
        tracker = new PresenceTracker(LAYOUT, PresenceConfig.DEFAULTS, filter, listener);
        reads(SHOPPER, HALL, 1_000, 3_000, 500, -55);
        assertEquals(List.of(), opened);
        excluded[0] = false;
        read(SHOPPER, HALL, 3_500, -55);
        assertEquals(List.of(), opened, "same generation: the cached decision stands");
        generation[0]++;
        reads(SHOPPER, HALL, 4_000, 4_500, 500, -55);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 4_000, -1)), opened);
    }

    @Test
    void closeAllClosesEveryOpenVisitAndTrip() {
        reads(OTHER, WATCHES, 1_000, 2_000, 500, -55);
        reads(SHOPPER, HALL, 5_000, 9_000, 500, -55);
        tracker.advanceTo(12_500);
        assertEquals(List.of(visit(OTHER, WATCHES, 1_000, 2_000, 3)), visits, "OTHER is lost, its trip open");
        assertEquals(1, tracker.openVisits());
        assertEquals(2, tracker.trackedTags());
        tracker.closeAll();
        assertEquals(List.of(visit(OTHER, WATCHES, 1_000, 2_000, 3), visit(SHOPPER, HALL, 5_000, 9_000, 9)), visits);
        assertEquals(List.of(trip(OTHER, 1_000, 2_000, false, WATCHES), trip(SHOPPER, 5_000, 9_000, false, HALL)),
                trips);
        assertEquals(0, tracker.openVisits());
        assertEquals(0, tracker.trackedTags());
        tracker.advanceTo(1_000_000);
        assertEquals(2, trips.size(), "nothing is closed twice");
    }

    @Test
    void datesAVisitBackNoFurtherThanMaxBackdate() {
        PresenceConfig slow = new PresenceConfig(8, Duration.ofSeconds(3), 3.0, 0.4, 2.0, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(10), 4);
        tracker = new PresenceTracker(LAYOUT, slow, TagFilter.ALL, listener);
        reads(SHOPPER, HALL, 0, 12_000, 2_000, -55);
        assertEquals(List.of(), opened, "seven reads");
        read(SHOPPER, HALL, 14_000, -55);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 4_000, -1)), opened);
    }

    @Test
    void tracksSeveralTagsIndependently() {
        for (long t = 1_000; t <= 4_000; t += 500) {
            read(SHOPPER, HALL, t, -55);
            read(OTHER, ENTRANCE_N, t + 100, -52);
        }
        tracker.advanceTo(14_100);
        assertEquals(List.of(new Opened(SHOPPER, HALL, 1_000, -1), new Opened(OTHER, ENTRANCE_N, 1_100, -1)), opened);
        assertEquals(List.of(visit(SHOPPER, HALL, 1_000, 4_000, 7), visit(OTHER, ENTRANCE_N, 1_100, 4_100, 7)),
                visits);
        assertEquals(List.of(trip(OTHER, 1_100, 4_100, true, ENTRANCE_N)), trips);
    }
}
