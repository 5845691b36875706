package io.tagtrail.bench;

import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.ingest.IntakeCounters;
import io.tagtrail.ingest.ReadIntake;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.sim.RecordingPublisher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole core on one thread over a recorded 30-minute store stream: topic routing, decoding, zone resolution,
 * event-time ordering, presence, visits and trips, traffic windows, live occupancy and the member join (results
 * into a blackhole). One operation replays the whole stream into a fresh pipeline; the {@code reads} counter gives
 * reads per second. The readers' format pinned ({@code impinj}), or recognised from each message ({@code auto}, the
 * service's default).
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Thread)
public class CoreBenchmark {
    @Param({"impinj", "auto"})
    public String format;

    private List<RecordingPublisher.Message> messages;
    private MemberDirectory members;
    private long readsPerReplay;

    @Setup
    public void record() {
        RecordedStore.Recording r = RecordedStore.record(Duration.ofMinutes(30), 600);
        messages = r.messages().messages();
        readsPerReplay = r.messages().reads();
        members = new MemberDirectory();
        members.replace(r.simulator().memberCards());
    }

    @Benchmark
    public long replayRecordedStream(ReadCounter counter, Blackhole bh) {
        StorePipeline pipeline = new StorePipeline(RecordedStore.LAYOUT, PipelineConfig.DEFAULTS, members,
                new NullSink(bh));
        ReadIntake intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                Map.of(RecordedStore.LAYOUT.storeId(), pipeline), () -> new DecoderSelector(format), 1 << 20,
                new IntakeCounters());
        long wall = 1_900_000_000_000L;
        for (RecordingPublisher.Message m : messages) {
            intake.onMessage(m.topic(), m.payload(), wall);
        }
        pipeline.finish();
        counter.reads += readsPerReplay;
        return pipeline.counters().visits();
    }
}
