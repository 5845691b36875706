package io.tagtrail.bench;

import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
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

/**
 * Decoding reader payloads as the simulator writes them, per message, in each format the readers may use (Impinj
 * IoT Device Interface events, Zebra IoT Connector tag data, LLRP reports as JSON); reads/s as a counter. With the
 * format pinned ({@code decodeMessage}), and recognised from each message as the service does by default
 * ({@code recogniseAndDecodeMessage}).
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DecodeBenchmark {
    @Param({"impinj", "zebra", "llrp"})
    public String format;

    private List<RecordingPublisher.Message> messages;
    private TagReadDecoder decoder;
    /** As the service reads by default ({@code intake.format=auto}): each message's format recognised first. */
    private final DecoderSelector auto = new DecoderSelector(DecoderSelector.AUTO);
    private int next;

    @Setup
    public void record() {
        messages = RecordedStore.record(Duration.ofMinutes(5), 600, format).messages().messages();
        decoder = new DecoderSelector(format).apply(messages.get(0).payload());
    }

    private final CountingSink sink = new CountingSink();

    @Benchmark
    public void decodeMessage(ReadCounter counter, Blackhole bh) {
        byte[] payload = nextPayload(counter, bh);
        decoder.decode(payload, 0, payload.length, sink);
    }

    @Benchmark
    public void recogniseAndDecodeMessage(ReadCounter counter, Blackhole bh) {
        byte[] payload = nextPayload(counter, bh);
        auto.apply(payload).decode(payload, 0, payload.length, sink);
    }

    private byte[] nextPayload(ReadCounter counter, Blackhole bh) {
        RecordingPublisher.Message m = messages.get(next);
        next = next + 1 == messages.size() ? 0 : next + 1;
        sink.counter = counter;
        sink.bh = bh;
        return m.payload();
    }

    private static final class CountingSink implements TagReadDecoder.Sink {
        ReadCounter counter;
        Blackhole bh;

        @Override
        public void onRead(TagRead read, String readerName) {
            counter.reads++;
            bh.consume(read);
        }

        @Override
        public void onReject(RejectReason reason, String detail) {
            throw new IllegalStateException("recorded payload rejected: " + reason + " " + detail);
        }
    }
}
