package io.tagtrail.bench;

import io.tagtrail.core.TrafficWindows;
import io.tagtrail.core.ZoneVisit;
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

import java.util.SplittableRandom;

/**
 * Traffic windows alone: one zone visit (open, then close) per operation, 300 shoppers in the store, minutes
 * emitted as the watermark passes them. A visit is what the windows see; reads never reach them.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TrafficBenchmark {
    private static final int SHOPPERS = 300;
    private TrafficWindows windows;
    private final long[] enter = new long[SHOPPERS];
    private final int[] zone = new int[SHOPPERS];
    private final SplittableRandom rnd = new SplittableRandom(1);
    private long now = 1_795_000_000_000L;
    private int next;

    @Setup
    public void prepare(Blackhole bh) {
        windows = new TrafficWindows(RecordedStore.LAYOUT, 12_000, bh::consume);
        int zones = RecordedStore.LAYOUT.zoneCount();
        for (int s = 0; s < SHOPPERS; s++) {
            zone[s] = rnd.nextInt(zones);
            enter[s] = now;
            windows.visitOpened(0x2D00_0000_0000_0000L, s, zone[s], now, -1);
        }
    }

    @Benchmark
    public void visit() {
        int s = next;
        next = next + 1 == SHOPPERS ? 0 : next + 1;
        now += 100;
        windows.visitClosed(new ZoneVisit(0x2D00_0000_0000_0000L, s, zone[s], enter[s], now, 10));
        int previous = zone[s];
        zone[s] = RecordedStore.LAYOUT.neighbours(previous)[0];
        enter[s] = now;
        windows.visitOpened(0x2D00_0000_0000_0000L, s, zone[s], now, previous);
        windows.advanceTo(now);
    }
}
