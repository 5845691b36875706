package io.tagtrail.core;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagRead;

/**
 * Where a store pipeline's results go: the database writer in the service, a list in a test. A sink lets go of the
 * kinds of result it does not override.
 */
public interface ResultSink {
    /** A completed zone visit; {@code member} is null for an anonymous card. */
    default void visit(StoreLayout layout, ZoneVisit visit, Member member) {
    }

    default void trip(StoreLayout layout, Trip trip, Member member) {
    }

    default void minute(StoreLayout layout, ZoneMinute minute) {
    }

    /** Occupancy of every zone (by zone index) at one instant; the array is reused after the call returns. */
    default void occupancy(StoreLayout layout, long timeMillis, int[] occupancy) {
    }

    /** A read that arrived after its time was released: kept raw, not applied. */
    default void lateRead(StoreLayout layout, TagRead read) {
    }

    /** Every read that was taken into account (late reads excluded), for raw storage when that is on. */
    default void rawRead(StoreLayout layout, TagRead read) {
    }

    /**
     * A message of the reader {@code readerId} with reads taken into account (times from {@code firstMicros} to
     * {@code lastMicros}), or, none taken, with late reads (their times), as it arrived: the log a restart replays,
     * when the intake is durable. {@code payloadHash} identifies the payload among the store's recent messages (to
     * recognise it when it is delivered again after a restart); {@code skipped} lists the reads of the payload that
     * were not taken, by position among its reads from 0: a late read as its position, a rejected one as
     * {@code -(position + 1)}; or is null when every one was taken.
     */
    default void intakeMessage(StoreLayout layout, String readerId, long firstMicros, long lastMicros,
                               long receivedMillis, byte[] payload, long payloadHash, int[] skipped) {
    }

    /** One reader's reads, rejections and late reads in one minute of the store's clock. */
    default void readerMinute(StoreLayout layout, ReaderHealth.Minute minute) {
    }

    /**
     * The store held no shopper state at this event time: everything after it can be rebuilt by replaying the raw
     * reads that follow it.
     */
    default void quietPoint(StoreLayout layout, long timeMillis) {
    }
}
