package io.tagtrail.app;

import io.tagtrail.core.ResultSink;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneMinute;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagRead;

import java.util.concurrent.atomic.LongAdder;

/**
 * Results counted and let go instead of written ({@code bench --discard-results}): the service's own work measured
 * apart from the database's.
 */
final class DiscardedResults implements ResultSink {
    private final LongAdder visits = new LongAdder();
    private final LongAdder trips = new LongAdder();

    @Override
    public void visit(StoreLayout layout, ZoneVisit visit, Member member) {
        visits.increment();
    }

    @Override
    public void trip(StoreLayout layout, Trip trip, Member member) {
        trips.increment();
    }

    @Override
    public void minute(StoreLayout layout, ZoneMinute minute) {
        // let go
    }

    @Override
    public void occupancy(StoreLayout layout, long timeMillis, int[] occupancy) {
        // let go
    }

    @Override
    public void lateRead(StoreLayout layout, TagRead read) {
        // let go
    }

    long visits() {
        return visits.sum();
    }

    long trips() {
        return trips.sum();
    }
}
