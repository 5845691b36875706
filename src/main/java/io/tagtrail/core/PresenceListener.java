package io.tagtrail.core;

/** What the presence tracker tells the stages after it. Called in event-time order of the reads that caused it. */
public interface PresenceListener {
    /** A tag was confirmed in a zone; {@code previousZone} is -1 when it came from no zone. */
    void visitOpened(long epcHi, long epcLo, int zoneIndex, long enterMillis, int previousZone);

    void visitClosed(ZoneVisit visit);

    void tripClosed(Trip trip);

    /**
     * A tag with an open visit stopped counting in shopper figures (it turned out to be a staff badge): its open
     * visit and trip are dropped, never reported.
     */
    void visitCancelled(long epcHi, long epcLo, int zoneIndex);
}
