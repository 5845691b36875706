package io.tagtrail.sim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recorded read stream replays exactly as it was published, and a damaged record is reported. */
class RecordFileTest {
    @Test
    void replayPublishesEveryRecordedMessageUnchangedAndInOrder() throws Exception {
        Scenario scenario = SimFixtures.sampleDay(Duration.ofMinutes(15), 900, 4);
        List<RecordingPublisher.Message> live = SimFixtures.runInMemory(
                SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "zebra")).messages();
        byte[] record = record(scenario);

        RecordingPublisher replayed = new RecordingPublisher();
        List<Long> progress = new java.util.ArrayList<>();
        Replayer.Totals totals;
        try (RecordFileReader reader = new RecordFileReader(new ByteArrayInputStream(record))) {
            assertTrue(reader.header().contains("\"seed\":4") && reader.header().contains("\"format\":\"zebra\""),
                    reader.header());
            totals = new Replayer(reader, replayed).replay(Double.POSITIVE_INFINITY,
                    (sim, reads, messages) -> progress.add(reads));
        }
        assertEquals(live.size(), replayed.messages().size());
        for (int i = 0; i < live.size(); i++) {
            RecordingPublisher.Message a = live.get(i);
            RecordingPublisher.Message b = replayed.messages().get(i);
            assertEquals(a.topic(), b.topic());
            assertEquals(a.reads(), b.reads());
            assertEquals(a.eventMillis(), b.eventMillis());
            assertArrayEquals(a.payload(), b.payload(), "message " + i);
        }
        assertEquals(live.stream().mapToLong(RecordingPublisher.Message::reads).sum(), totals.reads());
        assertEquals(totals.reads(), progress.get(progress.size() - 1), "the last progress report counts every read");
        assertTrue(progress.size() > 100, "progress reported along the way");
    }

    @Test
    void aRecordCutShortIsAnErrorNotAShorterStream() throws Exception {
        byte[] record = record(SimFixtures.sampleDay(Duration.ofMinutes(2), 600, 4));
        byte[] cut = Arrays.copyOf(record, record.length - 100);
        IOException e = assertThrows(IOException.class, () -> {
            try (RecordFileReader reader = new RecordFileReader(new ByteArrayInputStream(cut))) {
                new Replayer(reader, new RecordingPublisher()).replay(Double.POSITIVE_INFINITY, null);
            }
        });
        assertTrue(e.getMessage().contains("record file is cut"), e.getMessage());
    }

    @Test
    void aFileThatIsNoRecordIsRejectedAtOnce() {
        IOException e = assertThrows(IOException.class,
                () -> new RecordFileReader(new ByteArrayInputStream("{\"type\":\"zone_visit\"}\n".getBytes())));
        assertTrue(e.getMessage().contains("not a TagTrail record file"), e.getMessage());
    }

    private static byte[] record(Scenario scenario) throws Exception {
        Simulator simulator = SimFixtures.simulator(SimFixtures.SAMPLE, scenario, "zebra");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordFileWriter writer = new RecordFileWriter(out, simulator.describe())) {
            simulator.run(writer, Double.POSITIVE_INFINITY, null);
        }
        return out.toByteArray();
    }
}
