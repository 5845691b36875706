package io.tagtrail.bench;

import io.tagtrail.decode.ImpinjJsonDecoder;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.RecordingPublisher;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.ScenarioFile;
import io.tagtrail.sim.Simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** A simulated store run recorded in memory once per benchmark fork: the input of the core benchmarks. */
final class RecordedStore {
    static final StoreLayout LAYOUT = LayoutLoader.loadResource("simulator/layouts/sample-store.json");

    private RecordedStore() {
    }

    static Recording record(Duration duration, double shoppersPerHour) {
        return record(duration, shoppersPerHour, "impinj");
    }

    /** @param format the readers' payload format: impinj, zebra or llrp */
    static Recording record(Duration duration, double shoppersPerHour, String format) {
        Scenario scenario = ScenarioFile.defaults().scenario()
                .withRun(Instant.parse("2026-11-21T10:00:00Z"), duration, 42).withShoppersPerHour(shoppersPerHour);
        Simulator sim = new Simulator(LAYOUT, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder(format));
        RecordingPublisher recording = new RecordingPublisher();
        try {
            sim.run(recording, Double.POSITIVE_INFINITY, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Recording(sim, recording);
    }

    /**
     * The recording's reads of shoppers' cards (EPC header 0x2D), decoded, with their reader (the message's topic's)
     * and zone (that reader's antenna's) resolved, in the order they were published.
     */
    static void shopperReads(Recording recording, Consumer<TagRead> each) {
        ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();
        for (RecordingPublisher.Message m : recording.messages().messages()) {
            int reader = LAYOUT.readerIndex(m.topic().split("/")[2]);
            decoder.decode(m.payload(), 0, m.payload().length, new TagReadDecoder.Sink() {
                @Override
                public void onRead(TagRead read, String readerName) {
                    if ((read.epcHi >>> 56) == 0x2D) {
                        read.readerIndex = reader;
                        read.zoneIndex = LAYOUT.zoneOf(reader, read.antenna);
                        each.accept(read);
                    }
                }

                @Override
                public void onReject(RejectReason reason, String detail) {
                }
            });
        }
    }

    record Recording(Simulator simulator, RecordingPublisher messages) {
    }
}
