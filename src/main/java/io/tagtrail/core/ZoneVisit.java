package io.tagtrail.core;

/** A completed stay of one tag in one zone, in event time (epoch milliseconds). */
public record ZoneVisit(long epcHi, long epcLo, int zoneIndex, long enterMillis, long exitMillis, int readCount) {
    public long dwellMillis() {
        return exitMillis - enterMillis;
    }
}
