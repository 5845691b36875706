package io.tagtrail.core;

import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficWindowsTest {
    private static final StoreLayout LAYOUT = LayoutLoader.load(Path.of("simulator/layouts/sample-store.json"));
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long SETTLE = 11_000;
    private static final long A = 0xA;
    private static final long B = 0xB;
    private static final long C = 0xC;
    private static final long HI = 0x2D00000000000000L;

    private static final int HALL = LAYOUT.zoneIndex("z-f0-hall");
    private static final int WATCHES = LAYOUT.zoneIndex("c-watches");
    private static final int F0_ESCALATOR = LAYOUT.zoneIndex("z-f0-escalator");
    private static final int F1_ESCALATOR = LAYOUT.zoneIndex("z-f1-escalator");
    private static final int MENS = LAYOUT.zoneIndex("z-f1-mens");

    private final List<ZoneMinute> rows = new ArrayList<>();
    private final TrafficWindows windows = new TrafficWindows(LAYOUT, SETTLE, rows::add);

    private static long at(long seconds) {
        return T0 + seconds * 1000;
    }

    /** A closed visit of tag {@code lo} in a zone from {@code fromS} to {@code toS} seconds after T0. */
    private void visit(long lo, int zone, int previousZone, long fromS, long toS) {
        windows.visitOpened(HI, lo, zone, at(fromS), previousZone);
        windows.visitClosed(new ZoneVisit(HI, lo, zone, at(fromS), at(toS), 3));
    }

    private ZoneMinute row(long minute, int zone) {
        return rows.stream().filter(r -> r.bucketMillis() == minute && r.zoneIndex() == zone).findFirst()
                .orElseThrow(() -> new AssertionError("no row for zone " + zone + " at " + minute + " in " + rows));
    }

    private ZoneMinute floorRow(long minute, int floor) {
        return rows.stream().filter(r -> r.bucketMillis() == minute && r.isFloor() && r.floor() == floor).findFirst()
                .orElseThrow(() -> new AssertionError("no row for floor " + floor + " at " + minute));
    }

    private List<Long> minutes() {
        return rows.stream().map(ZoneMinute::bucketMillis).distinct().toList();
    }

    @Test
    void startOfIsTheMinuteContainingTheInstant() {
        assertEquals(T0, TrafficWindows.startOf(T0));
        assertEquals(T0, TrafficWindows.startOf(T0 + 59_999));
        assertEquals(T0 + 60_000, TrafficWindows.startOf(T0 + 60_000));
        assertEquals(-60_000, TrafficWindows.startOf(-1));
    }

    @Test
    void emitsAMinuteOnlyOnceTheWatermarkIsTheSettleDelayPastItsEnd() {
        visit(A, HALL, -1, 10, 40);
        windows.advanceTo(at(60) + SETTLE - 1);
        assertEquals(List.of(), rows);
        windows.advanceTo(at(60) + SETTLE);
        assertEquals(LAYOUT.zoneCount() + 2, rows.size(), "a row per zone and per floor");
        windows.advanceTo(at(3_600));
        assertEquals(LAYOUT.zoneCount() + 2, rows.size(), "nothing more");
    }

    @Test
    void writesARowForEveryZoneAndFloorZerosIncluded() {
        visit(A, HALL, -1, 10, 40);
        windows.advanceTo(at(60) + SETTLE);
        for (int z = 0; z < LAYOUT.zoneCount(); z++) {
            ZoneMinute expected = z == HALL
                    ? new ZoneMinute(T0, 0, HALL, 1, 1, 0.5, 1)
                    : new ZoneMinute(T0, LAYOUT.zone(z).floor(), z, 0, 0, 0.0, 0);
            assertEquals(expected, rows.get(z), "zone rows come first, in zone order");
        }
        assertEquals(new ZoneMinute(T0, 0, -1, 1, 1, 0.5, 1), rows.get(LAYOUT.zoneCount()));
        assertEquals(new ZoneMinute(T0, 1, -1, 0, 0, 0.0, 0), rows.get(LAYOUT.zoneCount() + 1));
        assertTrue(rows.get(LAYOUT.zoneCount()).isFloor());
        assertFalse(rows.get(HALL).isFloor());
    }

    @Test
    void countsAVisitSpanningMinutesAsAnEntryOnlyInItsFirstMinute() {
        visit(A, WATCHES, HALL, 30, 135);
        windows.advanceTo(at(600));
        assertEquals(List.of(T0, at(60), at(120)), minutes());
        assertEquals(new ZoneMinute(T0, 0, WATCHES, 1, 1, 0.5, 1), row(T0, WATCHES));
        assertEquals(new ZoneMinute(at(60), 0, WATCHES, 0, 1, 1.0, 1), row(at(60), WATCHES));
        assertEquals(new ZoneMinute(at(120), 0, WATCHES, 0, 1, 0.25, 1), row(at(120), WATCHES));
        assertEquals(new ZoneMinute(at(60), 0, -1, 0, 1, 1.0, 1), floorRow(at(60), 0));
    }

    @Test
    void countsAnOpenVisitAsPresentUntilItCloses() {
        windows.visitOpened(HI, A, HALL, at(30), -1);
        windows.advanceTo(at(60) + SETTLE);
        assertEquals(new ZoneMinute(T0, 0, HALL, 1, 1, 0.5, 1), row(T0, HALL));
        windows.advanceTo(at(120) + SETTLE);
        assertEquals(new ZoneMinute(at(60), 0, HALL, 0, 1, 1.0, 1), row(at(60), HALL));
        windows.visitClosed(new ZoneVisit(HI, A, HALL, at(30), at(150), 9));
        windows.advanceTo(at(180) + SETTLE);
        assertEquals(new ZoneMinute(at(120), 0, HALL, 0, 1, 0.5, 1), row(at(120), HALL));
        windows.advanceTo(at(3_600));
        assertEquals(List.of(T0, at(60), at(120)), minutes());
    }

    @Test
    void measuresAverageAndPeakOccupancyWithHandoversAtTheSameInstant() {
        visit(A, HALL, -1, 10, 30);
        visit(C, HALL, -1, 20, 40);
        visit(B, HALL, -1, 30, 50); // B arrives as A leaves: never three at once
        windows.advanceTo(at(60) + SETTLE);
        assertEquals(new ZoneMinute(T0, 0, HALL, 3, 3, 1.0, 2), row(T0, HALL));
        assertEquals(new ZoneMinute(T0, 0, -1, 3, 3, 1.0, 2), floorRow(T0, 0));
    }

    @Test
    void countsAShopperOnceAsVisitorButEachVisitAsEntry() {
        visit(A, HALL, -1, 5, 10);
        visit(A, WATCHES, HALL, 10, 20);
        visit(A, HALL, WATCHES, 20, 30);
        windows.advanceTo(at(60) + SETTLE);
        assertEquals(new ZoneMinute(T0, 0, HALL, 2, 1, 15_000 / 60_000.0, 1), row(T0, HALL));
        assertEquals(new ZoneMinute(T0, 0, WATCHES, 1, 1, 10_000 / 60_000.0, 1), row(T0, WATCHES));
        assertEquals(new ZoneMinute(T0, 0, -1, 1, 1, 25_000 / 60_000.0, 1), floorRow(T0, 0),
                "moving within a floor is not a floor entry");
    }

    @Test
    void countsFloorEntriesForArrivalsFromAnotherFloor() {
        visit(A, HALL, -1, 0, 10);
        visit(A, F0_ESCALATOR, HALL, 10, 20);
        visit(A, F1_ESCALATOR, F0_ESCALATOR, 20, 30);
        visit(A, MENS, F1_ESCALATOR, 30, 50);
        windows.advanceTo(at(60) + SETTLE);
        assertEquals(new ZoneMinute(T0, 0, -1, 1, 1, 20_000 / 60_000.0, 1), floorRow(T0, 0));
        assertEquals(new ZoneMinute(T0, 1, -1, 1, 1, 30_000 / 60_000.0, 1), floorRow(T0, 1));
        assertEquals(new ZoneMinute(T0, 1, F1_ESCALATOR, 1, 1, 10_000 / 60_000.0, 1), row(T0, F1_ESCALATOR));
        assertEquals(new ZoneMinute(T0, 1, MENS, 1, 1, 20_000 / 60_000.0, 1), row(T0, MENS));
    }

    @Test
    void writesNoRowsForMinutesWithNoShopper() {
        visit(A, HALL, -1, 10, 20);
        visit(B, HALL, -1, 310, 320);
        windows.advanceTo(at(3_600));
        assertEquals(List.of(T0, at(300)), minutes());
        assertEquals(2 * (LAYOUT.zoneCount() + 2), rows.size());
        assertEquals(new ZoneMinute(at(300), 0, HALL, 1, 1, 10_000 / 60_000.0, 1), row(at(300), HALL));
    }

    @Test
    void countsAVisitDatedBackIntoAMinuteThatHasNotSettled() {
        windows.visitOpened(HI, A, HALL, at(30), -1);
        windows.advanceTo(at(60) + SETTLE - 1);
        // confirmed just now, dated back to its first read at 0:55
        visit(B, HALL, -1, 55, 65);
        windows.advanceTo(at(60) + SETTLE);
        assertEquals(new ZoneMinute(T0, 0, HALL, 2, 2, 35_000 / 60_000.0, 2), row(T0, HALL));
    }

    @Test
    void flushEmitsEveryRemainingMinuteWithoutWaitingToSettle() {
        visit(A, HALL, -1, 10, 40);
        visit(B, MENS, -1, 50, 70);
        windows.advanceTo(at(20));
        assertEquals(List.of(), rows);
        windows.flush();
        assertEquals(List.of(T0, at(60)), minutes());
        assertEquals(new ZoneMinute(at(60), 1, MENS, 0, 1, 10_000 / 60_000.0, 1), row(at(60), MENS));
        assertEquals(new ZoneMinute(at(60), 0, HALL, 0, 0, 0.0, 0), row(at(60), HALL));
        int n = rows.size();
        windows.flush();
        windows.advanceTo(at(3_600));
        assertEquals(n, rows.size(), "each minute is emitted once");
    }

    @Test
    void emitsMinutesInOrder() {
        visit(A, HALL, -1, 130, 140);
        visit(B, HALL, -1, 10, 20);
        visit(C, MENS, -1, 70, 80);
        windows.advanceTo(at(3_600));
        assertEquals(List.of(T0, at(60), at(120)), minutes());
    }
}
