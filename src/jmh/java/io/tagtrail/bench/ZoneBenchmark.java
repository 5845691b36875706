package io.tagtrail.bench;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.model.TagRead;
import io.tagtrail.sim.RecordingPublisher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Zone resolution, the two look-ups the intake and the pipeline make: the reader a message's topic names (once per
 * message) and the zone of a read's reader and antenna (once per read), over a recorded store's reads in order.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ZoneBenchmark {
    private static final StoreLayout LAYOUT = RecordedStore.LAYOUT;
    private int[] readers;
    private int[] antennas;
    private String[] readerNames;
    private int next;
    private int nextName;

    @Setup
    public void record() {
        RecordedStore.Recording r = RecordedStore.record(Duration.ofMinutes(5), 600);
        List<TagRead> reads = new ArrayList<>();
        RecordedStore.shopperReads(r, reads::add);
        readers = new int[reads.size()];
        antennas = new int[reads.size()];
        for (int i = 0; i < reads.size(); i++) {
            readers[i] = reads.get(i).readerIndex;
            antennas[i] = reads.get(i).antenna;
        }
        List<RecordingPublisher.Message> messages = r.messages().messages();
        readerNames = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            readerNames[i] = messages.get(i).topic().split("/")[2];
        }
    }

    /** The zone a read's reader and antenna cover; one read per operation. */
    @Benchmark
    public int zoneOf() {
        int i = next;
        next = i + 1 == readers.length ? 0 : i + 1;
        return LAYOUT.zoneOf(readers[i], antennas[i]);
    }

    /** The reader a topic names, by id or hostname; one message per operation. */
    @Benchmark
    public int readerIndex() {
        int i = nextName;
        nextName = i + 1 == readerNames.length ? 0 : i + 1;
        return LAYOUT.readerIndex(readerNames[i]);
    }
}
