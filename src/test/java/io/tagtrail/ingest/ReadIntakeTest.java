package io.tagtrail.ingest;

import io.tagtrail.core.CapturingResultSink;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.RejectReason;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadIntakeTest {
    static final StoreLayout LAYOUT = LayoutLoader.load(Path.of("simulator/layouts/sample-store.json"));
    static final long WALL = 1_795_400_000_000L;

    private final StorePipeline pipeline = new StorePipeline(LAYOUT, PipelineConfig.DEFAULTS, new MemberDirectory(),
            new CapturingResultSink());
    private final IntakeCounters counters = new IntakeCounters();
    private final ReadIntake intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
            Map.of("s1", pipeline), () -> new DecoderSelector("auto"), 1 << 20, counters);

    private static byte[] payload(String hostname, int reads) {
        long[] time = new long[reads];
        long[] hi = new long[reads];
        long[] lo = new long[reads];
        int[] antenna = new int[reads];
        int[] rssi = new int[reads];
        for (int i = 0; i < reads; i++) {
            time[i] = (WALL - 60_000) * 1000 + i * 1000L;
            hi[i] = 0x2D40A3B1C2D30000L;
            lo[i] = i;
            antenna[i] = 1;
            rssi[i] = -5500;
        }
        return new ImpinjPayloadEncoder().encode(hostname, reads, time, hi, lo, antenna, rssi);
    }

    @Test
    void routesByTopicAndChecksTheReaderThePayloadNames() {
        assertEquals(new ReadIntake.Outcome(3, 0), intake.onMessage("tagtrail/s1/r-f0-a/reads",
                payload("impinj-f0-a", 3), WALL));
        assertEquals(new ReadIntake.Outcome(3, 0), intake.onMessage("tagtrail/s1/impinj-f0-a/reads",
                payload("impinj-f0-a", 3), WALL), "the topic may name the reader by hostname");
        assertEquals(new ReadIntake.Outcome(0, 2), intake.onMessage("tagtrail/s1/r-f0-a/reads",
                payload("impinj-f0-b", 2), WALL));
        assertEquals(new ReadIntake.Outcome(0, 1), intake.onMessage("tagtrail/s2/r-f0-a/reads",
                payload("impinj-f0-a", 2), WALL));
        assertEquals(new ReadIntake.Outcome(0, 1), intake.onMessage("tagtrail/s1/reads", payload("impinj-f0-a", 1),
                WALL));
        assertEquals(new ReadIntake.Outcome(100, 0), intake.onMessage("tagtrail/s1/r-f0-a/reads",
                payload("impinj-f0-a", 100), WALL), "counts beyond the shared outcomes");
        MessageDecoder decoder = intake.newDecoder();
        assertEquals("s1", decoder.storeOf("tagtrail/s1/r-f0-a/reads"));
        assertEquals(null, decoder.storeOf("tagtrail/s1"));
        assertEquals(2, counters.rejected(RejectReason.UNKNOWN_READER));
        assertEquals(1, counters.rejected(RejectReason.UNKNOWN_STORE));
        assertEquals(1, counters.rejected(RejectReason.BAD_TOPIC));
        assertEquals(106, counters.readsAccepted());
    }

    @Test
    void aDurableIntakeTakesAMessageDeliveredAgainOnlyOnce() {
        byte[] report = payload("impinj-f0-a", 5);
        assertEquals(new ReadIntake.Outcome(5, 0), intake.onMessage("tagtrail/s1/r-f0-a/reads", report, WALL));
        assertEquals(new ReadIntake.Outcome(5, 0), intake.onMessage("tagtrail/s1/r-f0-a/reads", report.clone(), WALL),
                "without recognising redeliveries, the same message is taken again");

        ReadIntake durable = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE), Map.of("s1", pipeline),
                () -> new DecoderSelector("auto"), 1 << 20, counters);
        durable.recogniseRedeliveries(4);
        byte[] first = payload("impinj-f0-a", 7);
        assertEquals(new ReadIntake.Outcome(7, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", first, WALL));
        assertEquals(new ReadIntake.Outcome(0, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", first.clone(), WALL));
        assertEquals(1, counters.redelivered());
        // the same bytes from another reader's topic are that reader's message
        assertEquals(new ReadIntake.Outcome(7, 0), durable.onMessage("tagtrail/s1/impinj-f0-b/reads",
                payload("impinj-f0-b", 7), WALL));
        String text = new String(first, java.nio.charset.StandardCharsets.US_ASCII);
        int rssi = text.lastIndexOf("-5500");
        byte[] oneByteOff = text.substring(0, rssi).concat("-5501").concat(text.substring(rssi + 5))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(new ReadIntake.Outcome(7, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", oneByteOff, WALL),
                "a payload that differs in one byte is another message");
        // a message taken before a restart, remembered from the intake log, is recognised too
        byte[] logged = payload("impinj-f0-a", 9);
        durable.remember("s1", "r-f0-a", RecentMessages.payloadHash(logged));
        assertEquals(new ReadIntake.Outcome(0, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", logged, WALL));
        assertEquals(2, counters.redelivered());
        // the intake remembers at least the last four messages taken, not every message ever
        for (int i = 10; i < 20; i++) {
            durable.onMessage("tagtrail/s1/r-f0-a/reads", payload("impinj-f0-a", i), WALL);
        }
        assertEquals(new ReadIntake.Outcome(7, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", first, WALL),
                "long forgotten");
        assertEquals(new ReadIntake.Outcome(0, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads",
                payload("impinj-f0-a", 19), WALL), "recent");

        // a message whose reads all came late is not logged, and still recognised: its late reads count once
        long late = pipeline.counters().late();
        byte[] stale = payload("impinj-f0-a", 3);
        String staleText = new String(stale, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(staleText.contains("T02:12:"), staleText);
        stale = staleText.replace("T02:12:", "T01:12:").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(new ReadIntake.Outcome(3, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", stale, WALL));
        assertEquals(late + 3, pipeline.counters().late(), "an hour behind: late");
        assertEquals(new ReadIntake.Outcome(0, 0), durable.onMessage("tagtrail/s1/r-f0-a/reads", stale, WALL));
        assertEquals(late + 3, pipeline.counters().late());
    }

    @Test
    void tellsItsListenerOfEachMessageOnceItsReadsAreInThePipeline() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        intake.listener((topic, payload, outcome) -> heard.add(topic + " " + payload.length + " " + outcome
                + " " + counters.readsAccepted()));
        byte[] three = payload("impinj-f0-a", 3);
        intake.onMessage("tagtrail/s1/r-f0-a/reads", three, WALL);
        intake.onMessage("tagtrail/s9/r-f0-a/reads", payload("impinj-f0-a", 1), WALL);
        intake.listener(null);
        intake.onMessage("tagtrail/s1/r-f0-a/reads", three, WALL);
        assertEquals(java.util.List.of(
                "tagtrail/s1/r-f0-a/reads " + three.length + " Outcome[accepted=3, rejected=0] 3",
                "tagtrail/s9/r-f0-a/reads " + payload("impinj-f0-a", 1).length + " Outcome[accepted=0, rejected=1] 3"),
                heard);
    }

    @Test
    void aFloodOfDistinctTopicsIsRoutedLikeAnyOther() {
        for (int i = 0; i < 20_000; i++) {
            assertEquals(new ReadIntake.Outcome(0, 1), intake.onMessage("tagtrail/s1/r" + i + "/reads",
                    payload("impinj-f0-a", 1), WALL));
            assertEquals(new ReadIntake.Outcome(0, 1), intake.onMessage("tagtrail/store" + i + "/r-f0-a/reads",
                    payload("impinj-f0-a", 1), WALL));
        }
        assertEquals(new ReadIntake.Outcome(1, 0), intake.onMessage("tagtrail/s1/r-f0-a/reads",
                payload("impinj-f0-a", 1), WALL));
        assertEquals(20_000, counters.rejected(RejectReason.UNKNOWN_READER));
        assertEquals(20_000, counters.rejected(RejectReason.UNKNOWN_STORE));
    }
}
