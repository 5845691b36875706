package io.tagtrail.core;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagRead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link ResultSink} that keeps everything it is given, for tests to assert on. */
public final class CapturingResultSink implements ResultSink {
    /** A trip with its path as a list, so that two trips compare by value. */
    record TripRow(long epcHi, long epcLo, long startMillis, long endMillis, List<Integer> path,
                   boolean leftByEntrance) {
        static TripRow of(Trip t) {
            return new TripRow(t.epcHi(), t.epcLo(), t.startMillis(), t.endMillis(),
                    Arrays.stream(t.path()).boxed().toList(), t.leftByEntrance());
        }
    }

    record Snapshot(long timeMillis, List<Integer> occupancy) {
    }

    /** A reader's minute, the reader by id (or by the name a topic gave, when not in the layout). */
    record ReaderMinuteRow(long bucketMillis, String readerId, long reads, long rejected, long late) {
    }

    final List<ZoneVisit> visits = new ArrayList<>();
    final List<Member> visitMembers = new ArrayList<>();
    final List<TripRow> trips = new ArrayList<>();
    final List<Member> tripMembers = new ArrayList<>();
    final List<ZoneMinute> minutes = new ArrayList<>();
    final List<Snapshot> snapshots = new ArrayList<>();
    final List<TagRead> lateReads = new ArrayList<>();
    final List<TagRead> rawReads = new ArrayList<>();
    final List<ReaderMinuteRow> readerMinutes = new ArrayList<>();

    @Override
    public void visit(StoreLayout layout, ZoneVisit visit, Member member) {
        visits.add(visit);
        visitMembers.add(member);
    }

    @Override
    public void trip(StoreLayout layout, Trip trip, Member member) {
        trips.add(TripRow.of(trip));
        tripMembers.add(member);
    }

    @Override
    public void minute(StoreLayout layout, ZoneMinute minute) {
        minutes.add(minute);
    }

    @Override
    public void occupancy(StoreLayout layout, long timeMillis, int[] occupancy) {
        snapshots.add(new Snapshot(timeMillis, Arrays.stream(occupancy).boxed().toList()));
    }

    @Override
    public void lateRead(StoreLayout layout, TagRead read) {
        lateReads.add(read);
    }

    @Override
    public void rawRead(StoreLayout layout, TagRead read) {
        rawReads.add(read);
    }

    @Override
    public void readerMinute(StoreLayout layout, ReaderHealth.Minute m) {
        readerMinutes.add(new ReaderMinuteRow(m.bucketMillis(), m.readerIndex() >= 0
                ? layout.reader(m.readerIndex()).id() : m.unknownName(), m.reads(), m.rejected(), m.late()));
    }
}
