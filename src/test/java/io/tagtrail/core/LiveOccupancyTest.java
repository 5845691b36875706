package io.tagtrail.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LiveOccupancyTest {
    private record Snapshot(long timeMillis, List<Integer> occupancy) {
    }

    private final List<Snapshot> snapshots = new ArrayList<>();
    private final LiveOccupancy live = new LiveOccupancy(4, 5_000, (t, occ) -> {
        List<Integer> copy = new ArrayList<>();
        for (int o : occ) {
            copy.add(o);
        }
        snapshots.add(new Snapshot(t, copy));
    });

    @Test
    void countsOpenVisitsPerZone() {
        live.visitOpened(2);
        live.visitOpened(2);
        live.visitOpened(0);
        live.visitClosed(2);
        assertEquals(1, live.occupancy(0));
        assertEquals(0, live.occupancy(1));
        assertEquals(1, live.occupancy(2));
        assertArrayEquals(new int[] {1, 0, 1, 0}, live.snapshot());
    }

    @Test
    void snapshotIsACopy() {
        live.visitOpened(1);
        int[] s = live.snapshot();
        s[1] = 42;
        assertEquals(1, live.occupancy(1));
    }

    @Test
    void takesNoSnapshotBeforeAnyoneArrived() {
        live.advanceTo(100_000);
        assertEquals(List.of(), snapshots);
    }

    @Test
    void takesASnapshotAtEachIntervalMultipleTheWatermarkPasses() {
        live.visitOpened(2);
        live.advanceTo(12_300);
        assertEquals(List.of(new Snapshot(10_000, List.of(0, 0, 1, 0))), snapshots);
        live.advanceTo(14_999);
        assertEquals(1, snapshots.size());
        live.visitOpened(3);
        live.advanceTo(27_000);
        assertEquals(List.of(
                new Snapshot(10_000, List.of(0, 0, 1, 0)),
                new Snapshot(15_000, List.of(0, 0, 1, 1)),
                new Snapshot(20_000, List.of(0, 0, 1, 1)),
                new Snapshot(25_000, List.of(0, 0, 1, 1))), snapshots);
    }

    @Test
    void takesOneLastSnapshotOfZerosThenStopsWhileTheStoreIsEmpty() {
        live.visitOpened(1);
        live.advanceTo(5_000);
        live.visitClosed(1);
        live.advanceTo(10_000);
        live.advanceTo(60_000);
        assertEquals(List.of(
                new Snapshot(5_000, List.of(0, 1, 0, 0)),
                new Snapshot(10_000, List.of(0, 0, 0, 0))), snapshots);
    }

    @Test
    void takesOnlyTheNewestSnapshotAfterALongQuietGap() {
        live.visitOpened(1);
        live.advanceTo(5_000);
        live.advanceTo(1_000_000);
        assertEquals(List.of(
                new Snapshot(5_000, List.of(0, 1, 0, 0)),
                new Snapshot(1_000_000, List.of(0, 1, 0, 0))), snapshots);
    }

    @Test
    void catchesUpEveryIntervalOfAShortGap() {
        live.visitOpened(0);
        live.advanceTo(5_000);
        live.advanceTo(65_000); // twelve intervals later
        assertEquals(13, snapshots.size());
        for (int i = 0; i < 13; i++) {
            assertEquals(5_000L * (i + 1), snapshots.get(i).timeMillis());
        }
    }

    @Test
    void resumesSnapshotsWhenSomeoneArrivesInAnEmptyStore() {
        live.visitOpened(1);
        live.advanceTo(5_000);
        live.visitClosed(1);
        live.advanceTo(10_000);
        live.visitOpened(3);
        live.advanceTo(200_000);
        assertEquals(new Snapshot(200_000, List.of(0, 0, 0, 1)), snapshots.get(snapshots.size() - 1));
        assertEquals(3, snapshots.size());
    }

    @Test
    void ignoresAnUnsetWatermark() {
        live.visitOpened(1);
        live.advanceTo(Long.MIN_VALUE);
        assertEquals(List.of(), snapshots);
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> new LiveOccupancy(3, 0, (t, o) -> { }));
    }
}
