package io.tagtrail.core;

import io.tagtrail.model.RejectReason;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened to the reads of one store. Written only by the store's owner; read by metrics from any thread.
 */
public final class PipelineCounters {
    private static final int ACCEPTED = 0;
    private static final int LATE = 1;
    private static final int MERCHANDISE = 2;
    private static final int UNKNOWN_TAG = 3;
    private static final int VISITS = 4;
    private static final int TRIPS = 5;
    private static final int SHOPPER_READS = 6;
    private static final int REPLAYED = 7;
    private static final int LAYOUT_SWITCHES = 8;
    private static final int REJECT_BASE = 9;

    private final AtomicLongArray values = new AtomicLongArray(REJECT_BASE + RejectReason.values().length);

    void countAccepted() {
        values.lazySet(ACCEPTED, values.get(ACCEPTED) + 1);
    }

    void countLate() {
        values.lazySet(LATE, values.get(LATE) + 1);
    }

    void countMerchandise() {
        values.lazySet(MERCHANDISE, values.get(MERCHANDISE) + 1);
    }

    void countUnknownTag() {
        values.lazySet(UNKNOWN_TAG, values.get(UNKNOWN_TAG) + 1);
    }

    void countLayoutSwitch() {
        values.lazySet(LAYOUT_SWITCHES, values.get(LAYOUT_SWITCHES) + 1);
    }

    /** Layout versions the store switched to while running. */
    public long layoutSwitches() {
        return values.get(LAYOUT_SWITCHES);
    }

    void countReplayed() {
        values.lazySet(REPLAYED, values.get(REPLAYED) + 1);
    }

    void countShopperRead() {
        values.lazySet(SHOPPER_READS, values.get(SHOPPER_READS) + 1);
    }

    void countVisit() {
        values.lazySet(VISITS, values.get(VISITS) + 1);
    }

    void countTrip() {
        values.lazySet(TRIPS, values.get(TRIPS) + 1);
    }

    public void countRejected(RejectReason reason) {
        int i = REJECT_BASE + reason.ordinal();
        values.lazySet(i, values.get(i) + 1);
    }

    /** Reads taken in (late ones included), whatever their tag kind. */
    public long accepted() {
        return values.get(ACCEPTED);
    }

    public long late() {
        return values.get(LATE);
    }

    public long merchandise() {
        return values.get(MERCHANDISE);
    }

    public long unknownTags() {
        return values.get(UNKNOWN_TAG);
    }

    /** Reads taken again from the intake log while rebuilding state after a restart. */
    public long replayed() {
        return values.get(REPLAYED);
    }

    public long shopperReads() {
        return values.get(SHOPPER_READS);
    }

    public long visits() {
        return values.get(VISITS);
    }

    public long trips() {
        return values.get(TRIPS);
    }

    public long rejected(RejectReason reason) {
        return values.get(REJECT_BASE + reason.ordinal());
    }

    public long rejected() {
        long sum = 0;
        for (RejectReason r : RejectReason.values()) {
            sum += rejected(r);
        }
        return sum;
    }
}
