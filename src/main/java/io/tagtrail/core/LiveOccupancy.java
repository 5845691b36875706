package io.tagtrail.core;

/**
 * Live occupancy of a store's zones: shoppers confirmed in each zone now, with a snapshot of every zone at each
 * multiple of the snapshot interval that the watermark passes. After a long quiet gap only the newest snapshot is
 * taken, not one per interval of the gap.
 */
public final class LiveOccupancy {
    /** Receives one snapshot: the count of every zone at one instant. */
    public interface Output {
        void onSnapshot(long timeMillis, int[] occupancy);
    }

    private static final int MAX_CATCH_UP_SNAPSHOTS = 12;

    private final int[] occupancy;
    private final long intervalMillis;
    private final Output out;
    private long lastSnapshot = Long.MIN_VALUE;
    private boolean active;

    public LiveOccupancy(int zones, long intervalMillis, Output out) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("snapshot interval must be positive");
        }
        this.occupancy = new int[zones];
        this.intervalMillis = intervalMillis;
        this.out = out;
    }

    public void visitOpened(int zoneIndex) {
        occupancy[zoneIndex]++;
        active = true;
    }

    public void visitClosed(int zoneIndex) {
        occupancy[zoneIndex]--;
    }

    public int occupancy(int zoneIndex) {
        return occupancy[zoneIndex];
    }

    /** A copy of the current counts, by zone index. */
    public int[] snapshot() {
        return occupancy.clone();
    }

    public void advanceTo(long watermarkMillis) {
        if (!active || watermarkMillis == Long.MIN_VALUE) {
            return;
        }
        long due = Math.floorDiv(watermarkMillis, intervalMillis) * intervalMillis;
        if (lastSnapshot == Long.MIN_VALUE || due - lastSnapshot > MAX_CATCH_UP_SNAPSHOTS * intervalMillis) {
            lastSnapshot = due - intervalMillis;
        }
        for (long t = lastSnapshot + intervalMillis; t <= due; t += intervalMillis) {
            out.onSnapshot(t, occupancy);
            lastSnapshot = t;
        }
        active = anyone();
    }

    private boolean anyone() {
        for (int o : occupancy) {
            if (o != 0) {
                return true;
            }
        }
        return false;
    }
}
