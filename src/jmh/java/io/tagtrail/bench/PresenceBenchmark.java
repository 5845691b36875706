package io.tagtrail.bench;

import io.tagtrail.core.PresenceConfig;
import io.tagtrail.core.PresenceListener;
import io.tagtrail.core.PresenceTracker;
import io.tagtrail.core.TagFilter;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.model.TagRead;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The presence tracker alone, one read per operation, over the shopper reads of a recorded store stream in event
 * time order. The stream is replayed shifted in time, so the tracker sees an endless store day.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PresenceBenchmark {
    private long[] hi;
    private long[] lo;
    private int[] zone;
    private long[] time;
    private int[] rssi;
    private long spanMillis;
    private int next;
    private long offset;
    private PresenceTracker tracker;

    @Setup
    public void prepare(Blackhole bh) {
        RecordedStore.Recording r = RecordedStore.record(Duration.ofMinutes(30), 600);
        List<TagRead> reads = new ArrayList<>();
        RecordedStore.shopperReads(r, reads::add);
        reads.sort(Comparator.comparingLong(x -> x.timeMicros));
        int n = reads.size();
        hi = new long[n];
        lo = new long[n];
        zone = new int[n];
        time = new long[n];
        rssi = new int[n];
        for (int i = 0; i < n; i++) {
            TagRead t = reads.get(i);
            hi[i] = t.epcHi;
            lo[i] = t.epcLo;
            zone[i] = t.zoneIndex;
            time[i] = t.timeMillis();
            rssi[i] = t.rssiCdbm;
        }
        spanMillis = time[n - 1] - time[0] + 60 * 60_000L;
        tracker = new PresenceTracker(RecordedStore.LAYOUT, PresenceConfig.DEFAULTS, TagFilter.ALL,
                new PresenceListener() {
                    @Override
                    public void visitOpened(long epcHi, long epcLo, int zoneIndex, long enterMillis, int previousZone) {
                        bh.consume(enterMillis);
                    }

                    @Override
                    public void visitClosed(ZoneVisit visit) {
                        bh.consume(visit);
                    }

                    @Override
                    public void tripClosed(Trip trip) {
                        bh.consume(trip);
                    }

                    @Override
                    public void visitCancelled(long epcHi, long epcLo, int zoneIndex) {
                    }
                });
    }

    @Benchmark
    public void onRead() {
        int i = next;
        long t = time[i] + offset;
        tracker.advanceTo(t);
        tracker.onRead(hi[i], lo[i], zone[i], t, rssi[i]);
        if (++next == time.length) {
            next = 0;
            offset += spanMillis;
        }
    }
}
