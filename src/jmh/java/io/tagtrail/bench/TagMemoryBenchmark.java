package io.tagtrail.bench;

import io.tagtrail.core.PresenceConfig;
import io.tagtrail.core.PresenceListener;
import io.tagtrail.core.PresenceTracker;
import io.tagtrail.core.TagFilter;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.model.TagRead;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Heap retained per tracked tag. {@code tags} distinct tags go through the real presence tracker, each fed the reads
 * one shopper of the recorded sample store got from entering the store up to a moment, one minute out of the last
 * 45 of the hour, when that shopper was still inside: so each tag holds what a tag in a busy store holds (a confirmed
 * zone, its rival zones, the path so far). Tags are fed one after another on one event-time line and the watermark
 * is not moved, so every tag is still tracked at the end. The heap in use after full collections, before the tracker
 * is built and after the last read, divided by {@code tags}, is the {@code bytesPerTag} result (the figure includes
 * the tracker's tag table). The fork runs in a 1 GiB heap, so a completed run also shows that the tags fit in it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TagMemoryBenchmark {
    private static final long SHOPPER_EPC_HI = 0x2D00_0000_0000_0000L;

    @Param("1000000")
    public int tags;

    /** One shopper's reads in event-time order, times relative to the first. */
    private record Trajectory(int[] zone, int[] rssiCdbm, long[] offsetMillis) {
    }

    /** A shopper's first {@code reads} reads: its state at one moment of the store hour. */
    private record Snapshot(Trajectory trajectory, int reads) {
    }

    private Snapshot[] snapshots;

    /** What one run measured, reported next to its time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public double bytesPerTag;
        public long trackedTags;
        public long openVisits;
        public long reads;
    }

    @Setup
    public void record() {
        RecordedStore.Recording r = RecordedStore.record(Duration.ofMinutes(60), 600);
        Map<Long, List<TagRead>> byTag = new HashMap<>();
        RecordedStore.shopperReads(r, read -> byTag.computeIfAbsent(read.epcLo, k -> new ArrayList<>()).add(read));
        long start = Long.MAX_VALUE;
        List<Trajectory> trajectories = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        for (List<TagRead> reads : byTag.values()) {
            reads.sort(Comparator.comparingLong(x -> x.timeMicros));
            int n = reads.size();
            Trajectory t = new Trajectory(new int[n], new int[n], new long[n]);
            long first = reads.get(0).timeMillis();
            for (int i = 0; i < n; i++) {
                TagRead read = reads.get(i);
                t.zone[i] = read.zoneIndex;
                t.rssiCdbm[i] = read.rssiCdbm;
                t.offsetMillis[i] = read.timeMillis() - first;
            }
            trajectories.add(t);
            spans.add(new long[] {first, reads.get(n - 1).timeMillis()});
            start = Math.min(start, first);
        }
        List<Snapshot> list = new ArrayList<>();
        for (int minute = 15; minute < 60; minute++) {
            long at = start + minute * 60_000L;
            for (int k = 0; k < trajectories.size(); k++) {
                long[] span = spans.get(k);
                if (span[0] <= at && at < span[1]) {
                    Trajectory t = trajectories.get(k);
                    int reads = 0;
                    while (span[0] + t.offsetMillis[reads] <= at) {
                        reads++;
                    }
                    list.add(new Snapshot(t, reads));
                }
            }
        }
        snapshots = list.toArray(new Snapshot[0]);
    }

    @Benchmark
    public PresenceTracker trackTags(Footprint footprint) {
        long before = heapUsedAfterFullGc();
        long[] visits = new long[1];
        PresenceTracker tracker = new PresenceTracker(RecordedStore.LAYOUT, PresenceConfig.DEFAULTS, TagFilter.ALL,
                new PresenceListener() {
                    @Override
                    public void visitOpened(long epcHi, long epcLo, int zoneIndex, long enterMillis,
                                            int previousZone) {
                        visits[0]++;
                    }

                    @Override
                    public void visitClosed(ZoneVisit visit) {
                    }

                    @Override
                    public void tripClosed(Trip trip) {
                    }

                    @Override
                    public void visitCancelled(long epcHi, long epcLo, int zoneIndex) {
                    }
                });
        long time = 1_795_000_000_000L;
        long reads = 0;
        for (int tag = 0; tag < tags; tag++) {
            Snapshot s = snapshots[tag % snapshots.length];
            Trajectory t = s.trajectory;
            for (int i = 0; i < s.reads; i++) {
                tracker.onRead(SHOPPER_EPC_HI, tag, t.zone[i], time + t.offsetMillis[i], t.rssiCdbm[i]);
            }
            time += t.offsetMillis[s.reads - 1] + 1;
            reads += s.reads;
        }
        long after = heapUsedAfterFullGc();
        footprint.bytesPerTag = (after - before) / (double) tags;
        footprint.trackedTags = tracker.trackedTags();
        footprint.openVisits = tracker.openVisits();
        footprint.reads = reads;
        System.out.printf(Locale.ROOT, "%n%,d tags tracked (%,d with an open visit, %,d reads, %d visits opened):"
                        + " %,d bytes of heap retained, %.1f bytes per tag (heap limit %,d bytes)%n",
                tracker.trackedTags(), tracker.openVisits(), reads, visits[0], after - before, footprint.bytesPerTag,
                Runtime.getRuntime().maxMemory());
        return tracker;
    }

    private static long heapUsedAfterFullGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
