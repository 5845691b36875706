package io.tagtrail.it;

import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.JdbcResultWriter;
import io.tagtrail.db.LayoutStore;
import io.tagtrail.db.Schema;
import io.tagtrail.db.StoreRecovery;
import io.tagtrail.db.WriterConfig;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.ingest.IntakeCounters;
import io.tagtrail.ingest.ReadIntake;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import io.tagtrail.sim.RecordingPublisher;
import io.tagtrail.sim.Simulator;
import io.tagtrail.sim.PayloadFormats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable intake without a broker or a process in between: a store's messages go through the intake into the intake
 * log; the pipeline is then dropped as in a crash, a fresh one is rebuilt from the log and takes the rest of the
 * stream, and the visits and trips written must be those of a run that never stopped. The stream is made hard for
 * the log: event time jumps ahead on an idle tick, so that a reader's reads arriving next are late although a replay
 * without that tick would take them (one of them a tag seen nowhere else), an early message arrives again, and after
 * the restart the last messages logged arrive again, as a broker redelivers messages it had no acknowledgement for.
 */
class IntakeRecoveryIT {
    private static final long WALL = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();
    private static final Pattern HOSTNAME = Pattern.compile("\"hostname\":\"([^\"]+)\"");
    private static final long STRAY_EPC_LO = 0xABCDEFL;

    /** One step of the stream: a message at a wall time, or (topic null) an idle tick at that wall time. */
    record Step(String topic, byte[] payload, long wallMillis) {
    }

    @Test
    void aPipelineRebuiltFromTheIntakeLogWritesTheResultsOfARunThatNeverStopped() throws Exception {
        List<RecordingPublisher.Message> messages = record(Duration.ofMinutes(6), 17);
        assertTrue(messages.size() > 200, "a stream: " + messages.size() + " messages");

        int half = messages.size() / 2;
        long newest = newestMicros(messages.subList(0, half));
        List<Step> steps = new ArrayList<>();
        for (RecordingPublisher.Message m : messages.subList(0, half)) {
            steps.add(new Step(m.topic(), m.payload(), WALL));
        }
        // readers silent for a minute of wall time: event time moves on by as much
        long later = WALL + 60_000;
        steps.add(new Step(null, null, later));
        RecordingPublisher.Message next = messages.get(half);
        steps.add(new Step(next.topic(), strayTag(next, newest), later));
        steps.add(new Step(messages.get(3).topic(), messages.get(3).payload(), later));
        for (RecordingPublisher.Message m : messages.subList(half, messages.size())) {
            steps.add(new Step(m.topic(), m.payload(), later));
        }
        int crashAt = half + 3 + (messages.size() - half) / 3;

        DbConfig reference = TestDatabases.freshPostgres();
        Run uninterrupted = new Run(reference);
        uninterrupted.take(steps);
        uninterrupted.finish();
        assertTrue(uninterrupted.pipeline.counters().late() > 100,
                "the idle tick made reads late: " + uninterrupted.pipeline.counters().late());

        DbConfig db = TestDatabases.freshPostgres();
        Run crashed = new Run(db);
        crashed.take(steps.subList(0, crashAt));
        assertTrue(crashed.writer.flush(Duration.ofMinutes(2)), "the log is committed before the crash");
        crashed.writer.close();
        // the writer had committed only part of the newest minute's rows: a batch ends anywhere; and the late reads
        // were still waiting for it
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertTrue(st.executeUpdate("DELETE FROM late_reads") > 100, "late reads were written");
            String newestMinute = "bucket = (SELECT max(bucket) FROM reader_health_1m)";
            assertEquals(2, st.executeUpdate("DELETE FROM reader_health_1m WHERE " + newestMinute + " AND reader_id IN"
                    + " (SELECT reader_id FROM reader_health_1m WHERE " + newestMinute + " ORDER BY reader_id LIMIT 2)"));
        }
        String health = "SELECT bucket, reader_id, reads, rejected, late, last_read_at FROM reader_health_1m"
                + " ORDER BY bucket, reader_id";
        List<String> healthBeforeCrash = EndToEndIT.rows(db, health);
        assertTrue(healthBeforeCrash.size() >= 10, "reader minutes were written: " + healthBeforeCrash.size());

        Run rebuilt = new Run(db);
        long replayed;
        try (Connection c = db.connect()) {
            replayed = StoreRecovery.replay(c, rebuilt.pipeline, new DecoderSelector("auto"), later);
            StoreRecovery.latestMessages(c, List.of(SimulatedRun.SAMPLE.storeId()), 1 << 16, rebuilt.intake::remember);
        }
        assertTrue(replayed > 1_000, "reads replayed: " + replayed);
        // the messages logged last but never acknowledged come again
        rebuilt.take(steps.subList(crashAt - 5, crashAt));
        assertEquals(5, rebuilt.intake.counters().redelivered(), "recognised as delivered again");
        rebuilt.take(steps.subList(crashAt, steps.size()));
        rebuilt.finish();

        assertEquals(0, TestDatabases.count(reference, "SELECT count(*) FROM zone_visits WHERE epc LIKE '%ABCDEF'"),
                "the stray tag's reads came late and were never taken");
        ReliabilityIT.assertSameRows(reference, db);
        List<String> healthAfter = EndToEndIT.rows(db, health);
        assertTrue(healthAfter.containsAll(healthBeforeCrash),
                "the reader minutes written before the crash are not rewritten by the replay");
        // the minute of the crash, counted but never written, is counted again from the log
        assertEquals(EndToEndIT.rows(reference, health), healthAfter, "reader health of a run that never stopped");
        String lateReads = "SELECT time, reader_id, antenna, epc, rssi FROM late_reads ORDER BY 1, 2, 3, 4";
        assertEquals(EndToEndIT.rows(reference, lateReads), EndToEndIT.rows(db, lateReads), "every late read kept");
    }

    @Test
    void aRestartBeforeANewLayoutVersionTakesEffectReplaysAndGoesOnUnderTheVersionInForce() throws Exception {
        List<RecordingPublisher.Message> messages = record(Duration.ofMinutes(6), 23);
        StoreLayout v1 = SimulatedRun.SAMPLE;
        String switchAt = "2026-11-20T10:03:00Z";
        StoreLayout v2 = SimulatedRun.sampleVersion(2, switchAt, true);
        List<Step> steps = new ArrayList<>();
        for (RecordingPublisher.Message m : messages) {
            steps.add(new Step(m.topic(), m.payload(), WALL));
        }
        // the crash comes before v2 takes effect (at 10:03 of a stream from 10:00 to 10:06)
        int crashAt = steps.size() * 4 / 10;

        DbConfig reference = TestDatabases.freshPostgres();
        Run uninterrupted = new Run(reference, true, v1);
        uninterrupted.pipeline.scheduleLayout(v2);
        uninterrupted.take(steps);
        uninterrupted.finish();
        assertEquals(1, uninterrupted.pipeline.counters().layoutSwitches());

        DbConfig db = TestDatabases.freshPostgres();
        Run crashed = new Run(db, true, v1);
        try (Connection c = db.connect()) {
            // as the service kept them: v1 at its start, v2 when its file came
            LayoutStore.upsert(c, v1);
            LayoutStore.upsert(c, v2);
        }
        crashed.pipeline.scheduleLayout(v2);
        crashed.take(steps.subList(0, crashAt));
        assertEquals(1, crashed.pipeline.layout().version(), "the crash comes before the switch");
        assertTrue(crashed.writer.flush(Duration.ofMinutes(2)));
        crashed.writer.close();
        // the layout files now hold v2 alone, loaded at the restart ahead of its effective time
        Run rebuilt = new Run(db, true, v2);
        try (Connection c = db.connect()) {
            StoreRecovery.replay(c, rebuilt.pipeline, new DecoderSelector("auto"), WALL);
        }
        assertEquals(1, rebuilt.pipeline.layout().version(), "the replay ran under v1, in force for its reads");
        assertEquals(2, rebuilt.pipeline.newestLayout().version(), "v2 waits for its effective time");
        rebuilt.take(steps.subList(crashAt, steps.size()));
        assertEquals(2, rebuilt.pipeline.layout().version(), "and took over at it");
        rebuilt.finish();
        ReliabilityIT.assertSameRows(reference, db);
    }

    @Test
    void aLoggedMessageInNoFormatTheDecodersRecogniseIsPassedOverNotACrash() throws Exception {
        List<RecordingPublisher.Message> messages = record(Duration.ofMinutes(1), 19).subList(0, 40);
        DbConfig db = TestDatabases.freshPostgres();
        Run crashed = new Run(db);
        for (RecordingPublisher.Message m : messages) {
            crashed.take(List.of(new Step(m.topic(), m.payload(), WALL)));
        }
        assertTrue(crashed.writer.flush(Duration.ofMinutes(2)));
        crashed.writer.close();
        long logged = TestDatabases.count(db, "SELECT count(*) FROM intake_log");
        assertTrue(logged > 10, "messages logged: " + logged);
        // every other logged message in a format a later version no longer recognises
        int[] seen = {0};
        DecoderSelector auto = new DecoderSelector("auto");
        try (Connection c = db.connect()) {
            long some = StoreRecovery.replay(c, new Run(db).pipeline, payload -> seen[0]++ % 2 == 0 ? null
                    : auto.apply(payload), WALL);
            long all = StoreRecovery.replay(c, new Run(db).pipeline, new DecoderSelector("auto"), WALL);
            assertEquals(logged, seen[0], "each logged message was looked at");
            assertTrue(some > 0 && some < all, "only the recognised messages' reads: " + some + " of " + all);
        }
    }

    @Test
    void theLogHoldsEachTakenMessageAsItArrivedAndOnlyWhenTheIntakeIsDurable() throws Exception {
        List<RecordingPublisher.Message> messages = record(Duration.ofMinutes(1), 18).subList(0, 40);

        for (DbConfig db : TestDatabases.all()) {
            assertLoggedAsTheyArrived(db, messages);
        }
    }

    private static void assertLoggedAsTheyArrived(DbConfig db, List<RecordingPublisher.Message> messages)
            throws Exception {
        Run notDurable = new Run(db, false);
        for (RecordingPublisher.Message m : messages) {
            notDurable.intake.onMessage(m.topic(), m.payload(), WALL);
        }
        assertTrue(notDurable.writer.flush(Duration.ofMinutes(2)));
        notDurable.writer.close();
        assertEquals(0, TestDatabases.count(db, "SELECT count(*) FROM intake_log"), "not durable: nothing logged");

        Run durable = new Run(db);
        for (RecordingPublisher.Message m : messages) {
            durable.intake.onMessage(m.topic(), m.payload(), WALL);
        }
        // reads taken, one late and one of an antenna the reader does not have: the log names the two not taken
        RecordingPublisher.Message first = messages.get(0);
        Matcher host = HOSTNAME.matcher(new String(first.payload(), StandardCharsets.UTF_8));
        assertTrue(host.find());
        long newest = newestMicros(messages);
        byte[] mixed = new ImpinjPayloadEncoder().encode(host.group(1), 0, 4,
                new long[] {newest + 1_000_000, newest - 60_000_000, newest + 1_000_000, newest + 2_000_000},
                new long[] {0x2D00_0000_0000_0000L, 0x2D00_0000_0000_0000L, 0x2D00_0000_0000_0000L,
                    0x2D00_0000_0000_0000L}, new long[] {1, 2, 3, 4}, new int[] {1, 1, 60, 1},
                new int[] {-5000, -5000, -5000, -5000});
        assertEquals(new ReadIntake.Outcome(3, 1), durable.intake.onMessage(first.topic(), mixed, WALL));
        // every read late: logged all the same, with the span of its reads and every one named as not taken
        byte[] allLate = new ImpinjPayloadEncoder().encode(host.group(1), 0, 2,
                new long[] {newest - 61_000_000, newest - 60_000_000},
                new long[] {0x2D00_0000_0000_0000L, 0x2D00_0000_0000_0000L}, new long[] {7, 8}, new int[] {1, 1},
                new int[] {-5000, -5000});
        assertEquals(new ReadIntake.Outcome(2, 0), durable.intake.onMessage(first.topic(), allLate, WALL));
        assertTrue(durable.pipeline.lastReadLate());
        byte[] garbage = "{\"not\":\"a read\"}".getBytes(StandardCharsets.UTF_8);
        durable.intake.onMessage(messages.get(0).topic(), garbage, WALL);
        durable.intake.onMessage("tagtrail/nowhere/r1/reads", messages.get(0).payload(), WALL);
        // taken last, with merchandise reads (never late) a day old
        byte[] stock = new ImpinjPayloadEncoder().encode(host.group(1), 0, 2,
                new long[] {newest - 86_400_000_000L, newest - 86_399_000_000L},
                new long[] {0x3000_0000_0000_0000L, 0x3000_0000_0000_0000L}, new long[] {5, 6}, new int[] {1, 1},
                new int[] {-5000, -5000});
        assertEquals(new ReadIntake.Outcome(2, 0), durable.intake.onMessage(first.topic(), stock, WALL));
        assertTrue(durable.writer.flush(Duration.ofMinutes(2)));
        durable.writer.close();
        assertEquals(messages.size() + 3, durable.writer.messagesLogged(),
                "one row per message with reads that reached the pipeline");
        try (Connection c = db.connect();
             var rs = c.createStatement().executeQuery("SELECT reader_id, payload, received_at,"
                     + " (extract(epoch FROM first_time) * 1000000)::bigint, (extract(epoch FROM last_time)"
                     + " * 1000000)::bigint, skipped FROM intake_log ORDER BY seq")) {
            for (RecordingPublisher.Message m : messages) {
                assertTrue(rs.next());
                assertEquals(m.topic().split("/")[2], rs.getString(1));
                assertArrayEquals(m.payload(), rs.getBytes(2), "the payload byte for byte");
                assertEquals(WALL, rs.getTimestamp(3).getTime());
                long[] span = span(m.payload());
                assertEquals(span[0], rs.getLong(4), "the earliest read's time, to the microsecond");
                assertEquals(span[1], rs.getLong(5), "the latest read's time");
                assertEquals(null, rs.getArray(6), "every read taken");
            }
            assertTrue(rs.next());
            assertArrayEquals(mixed, rs.getBytes(2));
            assertEquals(newest + 1_000_000, rs.getLong(4), "the span of the reads taken");
            assertEquals(newest + 2_000_000, rs.getLong(5));
            assertArrayEquals(new Integer[] {1, -3}, (Integer[]) rs.getArray(6).getArray(),
                    "the late one by its position, the rejected one as -(position + 1)");
            assertTrue(rs.next());
            assertArrayEquals(allLate, rs.getBytes(2));
            assertEquals(newest - 61_000_000, rs.getLong(4), "none taken: the span of its late reads");
            assertEquals(newest - 60_000_000, rs.getLong(5));
            assertArrayEquals(new Integer[] {0, 1}, (Integer[]) rs.getArray(6).getArray(), "neither read taken");
        }
        // after a restart, the messages taken last are recognised when they come again, whatever their reads' times
        Run lastOnly = new Run(db);
        try (Connection c = db.connect()) {
            StoreRecovery.latestMessages(c, List.of(SimulatedRun.SAMPLE.storeId()), 1, lastOnly.intake::remember);
        }
        assertEquals(new ReadIntake.Outcome(0, 0), lastOnly.intake.onMessage(first.topic(), stock, WALL));
        assertEquals(new ReadIntake.Outcome(3, 1), lastOnly.intake.onMessage(first.topic(), mixed, WALL),
                "only the one taken last is remembered");
        lastOnly.writer.close();
        Run restarted = new Run(db);
        try (Connection c = db.connect()) {
            StoreRecovery.latestMessages(c, List.of(SimulatedRun.SAMPLE.storeId()), 1 << 16,
                    restarted.intake::remember);
        }
        assertEquals(new ReadIntake.Outcome(0, 0), restarted.intake.onMessage(first.topic(), first.payload(), WALL));
        assertEquals(new ReadIntake.Outcome(0, 0), restarted.intake.onMessage(first.topic(), mixed, WALL));
        assertEquals(new ReadIntake.Outcome(0, 0), restarted.intake.onMessage(first.topic(), allLate, WALL),
                "a message none of whose reads were taken is recognised too");
        assertEquals(3, restarted.intake.counters().redelivered());
        restarted.writer.close();
    }

    /** The messages of a simulated run of the sample store at 600 shoppers an hour, Impinj payloads. */
    private static List<RecordingPublisher.Message> record(Duration duration, long seed) throws Exception {
        var scenario = SimulatedRun.scenario(Instant.parse("2026-11-20T10:00:00Z"), duration, 600, seed);
        Simulator sim = new Simulator(SimulatedRun.SAMPLE, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder("impinj"));
        RecordingPublisher recording = new RecordingPublisher();
        sim.run(recording, Double.POSITIVE_INFINITY, null);
        return recording.messages();
    }

    /** A store pipeline behind an intake, writing to a database, with the intake log on or off. */
    private static final class Run {
        final JdbcResultWriter writer;
        final StorePipeline pipeline;
        final ReadIntake intake;

        Run(DbConfig db) throws Exception {
            this(db, true);
        }

        Run(DbConfig db, boolean durable) throws Exception {
            this(db, durable, SimulatedRun.SAMPLE);
        }

        Run(DbConfig db, boolean durable, StoreLayout layout) throws Exception {
            Schema.migrate(db);
            writer = new JdbcResultWriter(db, new WriterConfig(500, Duration.ofMillis(20), 100_000,
                    Duration.ofSeconds(30), false, durable, Duration.ofDays(7)));
            pipeline = new StorePipeline(layout, PipelineConfig.DEFAULTS, new MemberDirectory(), writer);
            intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                    Map.of(SimulatedRun.SAMPLE.storeId(), pipeline), () -> new DecoderSelector("auto"), 1 << 22,
                    new IntakeCounters());
            if (durable) {
                intake.recogniseRedeliveries(1 << 16);
            }
        }

        void take(List<Step> steps) {
            for (Step s : steps) {
                if (s.topic() == null) {
                    pipeline.onIdle(s.wallMillis());
                } else {
                    intake.onMessage(s.topic(), s.payload(), s.wallMillis());
                }
            }
        }

        void finish() throws Exception {
            pipeline.finish();
            assertTrue(writer.flush(Duration.ofMinutes(2)), "written; last error " + writer.lastError());
            writer.close();
        }
    }

    /** Reads of a card seen nowhere else, by the reader of {@code like}, 10 to 20 s after {@code newestMicros}. */
    private static byte[] strayTag(RecordingPublisher.Message like, long newestMicros) {
        Matcher host = HOSTNAME.matcher(new String(like.payload(), StandardCharsets.UTF_8));
        assertTrue(host.find());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String t = Instant.ofEpochSecond(0, (newestMicros + 10_000_000L + i * 250_000L) * 1000).toString();
            sb.append("{\"timestamp\":\"").append(t).append("\",\"hostname\":\"").append(host.group(1))
                    .append("\",\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{\"epcHex\":\"")
                    .append(String.format("2D00000000000000%08X", STRAY_EPC_LO))
                    .append("\",\"antennaPort\":1,\"peakRssiCdbm\":-4500,\"lastSeenTime\":\"").append(t)
                    .append("\"}}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long newestMicros(List<RecordingPublisher.Message> messages) {
        long newest = Long.MIN_VALUE;
        for (RecordingPublisher.Message m : messages) {
            newest = Math.max(newest, span(m.payload())[1]);
        }
        return newest;
    }

    /** The earliest and the latest read time in a payload. */
    private static long[] span(byte[] payload) {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        new DecoderSelector("auto").apply(payload).decode(payload, 0, payload.length, new TagReadDecoder.Sink() {
            @Override
            public void onRead(TagRead read, String readerName) {
                span[0] = Math.min(span[0], read.timeMicros);
                span[1] = Math.max(span[1], read.timeMicros);
            }

            @Override
            public void onReject(RejectReason reason, String detail) {
                throw new AssertionError("the simulator's payloads decode: " + reason + " " + detail);
            }
        });
        return span;
    }
}
