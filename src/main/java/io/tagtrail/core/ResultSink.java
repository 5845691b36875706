package io.tagtrail.core;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagRead;

/** Where a store pipeline's results go: the database writer in the service, a list in a test. */
public interface ResultSink {
    /** A completed zone visit; {@code member} is null for an anonymous card. */
    void visit(StoreLayout layout, ZoneVisit visit, Member member);

    void trip(StoreLayout layout, Trip trip, Member member);

    void minute(StoreLayout layout, ZoneMinute minute);

    /** Occupancy of every zone (by zone index) at one instant; the array is reused after the call returns. */
    void occupancy(StoreLayout layout, long timeMillis, int[] occupancy);

    /** A read that arrived after its time was released: kept raw, not applied. */
    void lateRead(StoreLayout layout, TagRead read);

    /** Every accepted read, for raw storage when that is switched on. */
    default void rawRead(StoreLayout layout, TagRead read) {
    }
}
