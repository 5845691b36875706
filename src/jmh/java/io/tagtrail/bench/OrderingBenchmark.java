package io.tagtrail.bench;

import io.tagtrail.core.EventTimeConfig;
import io.tagtrail.core.ReorderBuffer;
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
import java.util.List;

/**
 * Event-time ordering alone: the shopper reads of a recorded store stream, in the order they were published,
 * through a fresh reorder buffer per operation (released reads into a blackhole); the {@code reads} counter gives
 * reads per second.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class OrderingBenchmark {
    private TagRead[] reads;

    @Setup
    public void record() {
        List<TagRead> list = new ArrayList<>();
        RecordedStore.shopperReads(RecordedStore.record(Duration.ofMinutes(30), 600), list::add);
        reads = list.toArray(new TagRead[0]);
    }

    @Benchmark
    public long replay(ReadCounter counter, Blackhole bh) {
        ReorderBuffer buffer = new ReorderBuffer(EventTimeConfig.DEFAULTS);
        ReorderBuffer.Released out = bh::consume;
        for (TagRead r : reads) {
            buffer.offer(r, out);
        }
        buffer.drain(out);
        counter.reads += reads.length;
        return buffer.releasedUpToMicros();
    }
}
