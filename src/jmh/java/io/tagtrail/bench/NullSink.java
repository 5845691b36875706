package io.tagtrail.bench;

import io.tagtrail.core.ResultSink;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneMinute;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagRead;
import org.openjdk.jmh.infra.Blackhole;

/** Results into a blackhole: the core without the database. */
final class NullSink implements ResultSink {
    private final Blackhole bh;

    NullSink(Blackhole bh) {
        this.bh = bh;
    }

    @Override
    public void visit(StoreLayout layout, ZoneVisit visit, Member member) {
        bh.consume(visit);
    }

    @Override
    public void trip(StoreLayout layout, Trip trip, Member member) {
        bh.consume(trip);
    }

    @Override
    public void minute(StoreLayout layout, ZoneMinute minute) {
        bh.consume(minute);
    }

    @Override
    public void occupancy(StoreLayout layout, long timeMillis, int[] occupancy) {
        bh.consume(occupancy);
    }

    @Override
    public void lateRead(StoreLayout layout, TagRead read) {
        bh.consume(read);
    }
}
