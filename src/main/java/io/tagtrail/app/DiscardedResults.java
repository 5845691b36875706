package io.tagtrail.app;

import io.tagtrail.core.ResultSink;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;

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

    long visits() {
        return visits.sum();
    }

    long trips() {
        return trips.sum();
    }
}
