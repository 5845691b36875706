package io.tagtrail.db;

import io.tagtrail.core.ReaderHealth;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneMinute;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.it.SimulatedRun;
import io.tagtrail.it.TestDatabases;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database writer against real databases: idempotency, raw reads by COPY, outages and backpressure. */
class ResultWriterIT {
    static final StoreLayout LAYOUT = SimulatedRun.SAMPLE;
    static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long LOYALTY_HI = 0x2D00_0000_0000_0000L;
    static final Duration PATIENCE = Duration.ofMinutes(2);

    static WriterConfig config(int batchSize, int queueCapacity, boolean rawReads) {
        return new WriterConfig(batchSize, Duration.ofMillis(50), queueCapacity, Duration.ofSeconds(30), rawReads);
    }

    static ZoneVisit visit(int i) {
        long enter = T0 + i * 1_000L;
        return new ZoneVisit(LOYALTY_HI, i, i % LAYOUT.zoneCount(), enter, enter + 5_000L + i % 60 * 1_000L, 7);
    }

    static TagRead read(int i) {
        TagRead r = new TagRead();
        r.timeMicros = T0 * 1000 + i * 1_001L;
        r.epcHi = LOYALTY_HI;
        r.epcLo = i % 97;
        r.readerIndex = i % LAYOUT.readers().size();
        r.antenna = 1;
        r.rssiCdbm = -5_000 - i % 1_000;
        r.readCount = 1 + i % 3;
        return r;
    }

    static void writeAll(JdbcResultWriter w, int visits, int reads) {
        Member gold = new Member("m-1", "gold", "fashion");
        for (int i = 0; i < visits; i++) {
            w.visit(LAYOUT, visit(i), i % 2 == 0 ? gold : null);
        }
        for (int i = 0; i < reads; i++) {
            w.rawRead(LAYOUT, read(i));
        }
    }

    static void flush(JdbcResultWriter w) throws InterruptedException {
        assertTrue(w.flush(PATIENCE), "writer flushed; backlog " + w.backlog() + ", last error " + w.lastError());
    }

    @Test
    void writingTheSameResultsTwiceLeavesOneRowEach() throws Exception {
        for (DbConfig db : TestDatabases.all()) {
            Schema.migrate(db);
            // a batch far larger than the rows and a long flush interval put each copy in the same batch as the other
            WriterConfig sameBatch = new WriterConfig(10_000, Duration.ofSeconds(1), 10_000, Duration.ofSeconds(30),
                    true);
            for (WriterConfig cfg : new WriterConfig[] {config(7, 100, true), sameBatch}) {
                try (JdbcResultWriter w = new JdbcResultWriter(db, cfg)) {
                    for (int copy = 0; copy < 2; copy++) {
                        writeAll(w, 300, 500);
                        w.trip(LAYOUT, new Trip(LOYALTY_HI, 1, T0, T0 + 600_000, new int[] {0, 2, 3}, true), null);
                        w.minute(LAYOUT, new ZoneMinute(T0, 0, 2, 4 + copy, 6, 2.5, 3));
                        w.minute(LAYOUT, new ZoneMinute(T0, 0, -1, 9, 9, 3.5, 4));
                        w.occupancy(LAYOUT, T0, new int[LAYOUT.zoneCount()]);
                        // a late read that is not in the raw-read log (one that is counts as a duplicate)
                        w.lateRead(LAYOUT, read(1_000_000));
                    }
                    flush(w);
                }
                assertEquals(300, TestDatabases.count(db, "SELECT count(*) FROM zone_visits"), db.url());
                assertEquals(500, TestDatabases.count(db, "SELECT count(*) FROM tag_reads"), db.url());
                assertEquals(1, TestDatabases.count(db, "SELECT count(*) FROM trips"), db.url());
                assertEquals(1, TestDatabases.count(db, "SELECT count(*) FROM zone_traffic_1m"), db.url());
                assertEquals(1, TestDatabases.count(db, "SELECT count(*) FROM floor_traffic_1m"), db.url());
                assertEquals(LAYOUT.zoneCount(), TestDatabases.count(db, "SELECT count(*) FROM zone_occupancy"));
                assertEquals(1, TestDatabases.count(db, "SELECT count(*) FROM late_reads"), db.url());
                assertEquals(5, TestDatabases.count(db, "SELECT entries FROM zone_traffic_1m"),
                        "a re-written minute takes the newest figures");
            }
        }
    }

    @Test
    void theTwoPartsOfAReaderMinuteSplitByARestartAddUpToOneRow() throws Exception {
        for (DbConfig db : TestDatabases.all()) {
            Schema.migrate(db);
            long second = T0 * 1000 + 59_000_000L;
            ReaderHealth.Minute before = new ReaderHealth.Minute(T0, 1, null, 300, 2, 1, T0 * 1000 + 20_000_000L);
            ReaderHealth.Minute after = new ReaderHealth.Minute(T0, 1, null, 200, 1, 0, second);
            // the part counted before the restart and the part after it, each by its own writer (process)
            try (JdbcResultWriter w = new JdbcResultWriter(db, config(10, 100, false))) {
                w.readerMinute(LAYOUT, before);
                flush(w);
            }
            try (JdbcResultWriter w = new JdbcResultWriter(db, config(10, 100, false))) {
                w.readerMinute(LAYOUT, after);
                flush(w);
            }
            // and two parts of the next minute through one writer
            WriterConfig oneBatch = new WriterConfig(10_000, Duration.ofSeconds(1), 10_000, Duration.ofSeconds(30),
                    false);
            try (JdbcResultWriter w = new JdbcResultWriter(db, oneBatch)) {
                w.readerMinute(LAYOUT, new ReaderHealth.Minute(T0 + 60_000, 1, null, 7, 0, 3, Long.MIN_VALUE));
                w.readerMinute(LAYOUT, new ReaderHealth.Minute(T0 + 60_000, 1, null, 5, 4, 0, second + 60_000_000L));
                flush(w);
            }
            String reader = LAYOUT.reader(1).id();
            assertEquals(2, TestDatabases.count(db, "SELECT count(*) FROM reader_health_1m"), db.url());
            assertEquals(500, TestDatabases.count(db, "SELECT reads FROM reader_health_1m WHERE reader_id = '"
                    + reader + "' AND bucket = '2026-11-20T10:00:00Z'"), db.url());
            assertEquals(3, TestDatabases.count(db, "SELECT rejected FROM reader_health_1m WHERE bucket ="
                    + " '2026-11-20T10:00:00Z'"), db.url());
            assertEquals(1, TestDatabases.count(db, "SELECT late FROM reader_health_1m WHERE bucket ="
                    + " '2026-11-20T10:00:00Z'"), db.url());
            assertEquals(second, TestDatabases.count(db, "SELECT (extract(epoch FROM last_read_at) * 1000000)::bigint"
                    + " FROM reader_health_1m WHERE bucket = '2026-11-20T10:00:00Z'"), "the newest read of both");
            assertEquals(12, TestDatabases.count(db, "SELECT reads FROM reader_health_1m WHERE bucket ="
                    + " '2026-11-20T10:01:00Z'"), db.url());
            assertEquals(4, TestDatabases.count(db, "SELECT rejected FROM reader_health_1m WHERE bucket ="
                    + " '2026-11-20T10:01:00Z'"), db.url());
            assertEquals(3, TestDatabases.count(db, "SELECT late FROM reader_health_1m WHERE bucket ="
                    + " '2026-11-20T10:01:00Z'"), db.url());
        }
    }

    @Test
    void rawReadsAreCopiedFaithfullyAndOnlyWhenSwitchedOn() throws Exception {
        for (DbConfig db : TestDatabases.all()) {
            Schema.migrate(db);
            try (JdbcResultWriter off = new JdbcResultWriter(db, config(100, 1_000, false))) {
                writeAll(off, 10, 1_000);
                flush(off);
                assertEquals(0, off.rawReadsWritten());
            }
            assertEquals(0, TestDatabases.count(db, "SELECT count(*) FROM tag_reads"), "raw reads off: none kept");

            try (JdbcResultWriter on = new JdbcResultWriter(db, config(100, 1_000, true))) {
                writeAll(on, 0, 1_000);
                flush(on);
                assertEquals(1_000, on.rawReadsWritten());
            }
            assertEquals(1_000, TestDatabases.count(db, "SELECT count(*) FROM tag_reads"));
            TagRead r = read(777);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT store_id, reader_id, antenna, epc, rssi, read_count,"
                         + " (extract(epoch FROM time) * 1000000)::bigint AS micros FROM tag_reads"
                         + " WHERE (extract(epoch FROM time) * 1000000)::bigint = " + r.timeMicros)) {
                assertTrue(rs.next(), "read 777 is stored");
                assertEquals(LAYOUT.storeId(), rs.getString(1));
                assertEquals(LAYOUT.reader(r.readerIndex).id(), rs.getString(2));
                assertEquals(r.antenna, rs.getInt(3));
                assertEquals(io.tagtrail.model.Epc.toHex(r.epcHi, r.epcLo), rs.getString(4));
                assertEquals(r.rssiCdbm / 100f, rs.getFloat(5));
                assertEquals(r.readCount, rs.getInt(6));
                assertEquals(r.timeMicros, rs.getLong(7), "microsecond timestamps survive COPY");
                assertFalse(rs.next(), "exactly one row for read 777");
            }
        }
    }

    @Test
    void readerIdsWithCommasAndQuotesSurviveCopy() throws Exception {
        String json = Files.readString(Path.of("simulator/layouts/sample-store.json"))
                .replace("\"r-f0-a\"", "\"r,f0 \\\"a\\\"\"");
        StoreLayout odd = LayoutLoader.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "odd");
        int reader = odd.readerIndex("r,f0 \"a\"");
        assertTrue(reader >= 0, "the layout has the odd reader id");
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        try (JdbcResultWriter w = new JdbcResultWriter(db, config(10, 100, true))) {
            TagRead r = read(1);
            r.readerIndex = reader;
            w.rawRead(odd, r);
            flush(w);
        }
        assertEquals(1, TestDatabases.count(db, "SELECT count(*) FROM tag_reads WHERE reader_id = 'r,f0 \"a\"'"));
    }

    @Test
    void nothingIsLostOrDoubledWhenTheDatabaseIsDownForAWhile() throws Exception {
        EmbeddedPostgres server = TestDatabases.server();
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        try (JdbcResultWriter w = new JdbcResultWriter(db, config(50, 10_000, true))) {
            writeAll(w, 100, 200);
            flush(w);
            server.stop();
            try {
                writeAll(w, 1_000, 2_000);
                await(() -> w.failures() > 0 && !w.healthy(), "the writer noticed the outage");
                assertTrue(w.backlog() > 0, "rows wait for the database");
            } finally {
                server.restart();
            }
            flush(w);
            assertTrue(w.healthy(), "healthy again once the database is back");
        }
        assertEquals(1_000, TestDatabases.count(db, "SELECT count(*) FROM zone_visits"));
        assertEquals(1_000, TestDatabases.count(db, "SELECT count(DISTINCT visit_id) FROM zone_visits"));
        assertEquals(2_000, TestDatabases.count(db, "SELECT count(*) FROM tag_reads"));
    }

    @Test
    void aFullQueueMakesProducersWaitInsteadOfDropping() throws Exception {
        EmbeddedPostgres server = TestDatabases.server();
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        int capacity = 20;
        int total = 500;
        try (JdbcResultWriter w = new JdbcResultWriter(db, config(10, capacity, false))) {
            whileTheDatabaseIsDown(server, w, total, i -> w.visit(LAYOUT, visit(i), null),
                    handedOver -> w.queuedRows() == capacity && handedOver < total,
                    "the producer waits on a full queue");
        }
        assertEquals(total, TestDatabases.count(db, "SELECT count(*) FROM zone_visits"), "nothing was dropped");
    }

    @Test
    void loggedPayloadsWaitingForTheDatabaseAreBoundedInBytes() throws Exception {
        EmbeddedPostgres server = TestDatabases.server();
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        byte[] payload = new byte[48 << 20];
        long fit = JdbcResultWriter.MAX_HELD_PAYLOAD_BYTES / payload.length;
        int total = (int) fit + 3;
        WriterConfig durable = new WriterConfig(10, Duration.ofMillis(50), 1_000, Duration.ofSeconds(30), false, true,
                Duration.ofDays(7));
        try (JdbcResultWriter w = new JdbcResultWriter(db, durable)) {
            whileTheDatabaseIsDown(server, w, total,
                    i -> w.intakeMessage(LAYOUT, "r-f0-a", T0 * 1000 + i, T0 * 1000 + i, T0, payload, i, null),
                    handedOver -> handedOver == fit && w.queuedRows() < 1_000,
                    "the producer waits once the payloads held reach the bound, long before the queue's row bound");
        }
        assertEquals(total, TestDatabases.count(db, "SELECT count(*) FROM intake_log"), "nothing was dropped");
    }

    @Test
    void loggedPayloadsOfEverySizeArriveByteForByteInOneBatch() throws Exception {
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        // payloads of the COPY buffer's size less the COPY header and its row's fields, empty and small ones, and
        // ones larger than the buffer, with and without skip lists, in one COPY
        int rowFields = 2 + 7 * 4 + LAYOUT.storeId().length() + "r-f0-a".length() + 4 * 8;
        int fillsTheBuffer = IntakeLog.CHUNK - 19 - rowFields - 2;
        int[] sizes = {fillsTheBuffer, 0, 1, 700, 5_000, 300_000, 900_000, 3 << 20, 12, 64};
        Random random = new Random(5);
        List<ResultRows.LoggedMessage> rows = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] payload = new byte[sizes[i]];
            random.nextBytes(payload);
            rows.add(new ResultRows.LoggedMessage(LAYOUT.storeId(), "r-f0-a", T0 * 1000 + i, T0 * 1000 + i, T0,
                    payload, i, i % 3 == 1 ? new int[] {i, i + 1} : null));
        }
        try (Connection c = db.connect()) {
            IntakeLog.append(c, rows);
        }
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT payload_hash, payload, skipped FROM intake_log ORDER BY seq")) {
            for (int i = 0; i < sizes.length; i++) {
                assertTrue(rs.next(), "message " + i + " logged");
                assertEquals(i, rs.getLong(1));
                assertArrayEquals(rows.get(i).payload(), rs.getBytes(2), "payload " + i);
                Array skipped = rs.getArray(3);
                if (i % 3 == 1) {
                    assertArrayEquals(new Integer[] {i, i + 1}, (Integer[]) skipped.getArray(), "skipped " + i);
                } else {
                    assertNull(skipped, "nothing skipped in " + i);
                }
            }
            assertFalse(rs.next(), "nothing else logged");
        }
    }

    @Test
    void aQuietPointDropsTheStoresLoggedMessagesOlderThanTheLogsRetentionBeforeIt() throws Exception {
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        WriterConfig hour = new WriterConfig(100, Duration.ofMillis(50), 1_000, Duration.ofSeconds(30), false, true,
                Duration.ofHours(1));
        StoreLayout other = LayoutLoader.parse(new ByteArrayInputStream(Files.readString(
                Path.of("simulator/layouts/sample-store.json")).replace("\"store_id\": \"s1\"", "\"store_id\": \"s2\"")
                .getBytes(StandardCharsets.UTF_8)), "s2");
        assertEquals("s2", other.storeId());
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        long hourMicros = 3_600_000_000L;
        try (JdbcResultWriter w = new JdbcResultWriter(db, hour)) {
            for (long ago : new long[] {3 * hourMicros, hourMicros + 1, hourMicros / 2, 0}) {
                w.intakeMessage(LAYOUT, "r-f0-a", T0 * 1000 - ago - 5_000_000, T0 * 1000 - ago, T0, payload, ago, null);
                w.intakeMessage(other, "r-f0-a", T0 * 1000 - ago - 5_000_000, T0 * 1000 - ago, T0, payload, ago, null);
            }
            flush(w);
            assertEquals(8, TestDatabases.count(db, "SELECT count(*) FROM intake_log"));
            w.quietPoint(LAYOUT, T0);
            flush(w);
        }
        assertEquals(2, TestDatabases.count(db, "SELECT count(*) FROM intake_log WHERE store_id = 's1'"),
                "kept: the last hour before the quiet point");
        assertEquals(0, TestDatabases.count(db, "SELECT count(*) FROM intake_log WHERE store_id = 's1'"
                + " AND payload_hash > " + hourMicros), "dropped: older than an hour before the quiet point");
        assertEquals(4, TestDatabases.count(db, "SELECT count(*) FROM intake_log WHERE store_id = 's2'"),
                "another store's log is its own quiet point's business");
    }

    /**
     * Stops the database, hands {@code total} rows to the writer from a thread of its own ({@code handOver} hands over
     * row i), waits until that thread waits with {@code heldBack} true of the rows it handed over, then brings the
     * database back and waits until every row is handed over and written.
     */
    static void whileTheDatabaseIsDown(EmbeddedPostgres server, JdbcResultWriter w, int total, IntConsumer handOver,
                                       IntPredicate heldBack, String what) throws Exception {
        AtomicInteger handedOver = new AtomicInteger();
        server.stop();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                handOver.accept(i);
                handedOver.incrementAndGet();
            }
        }, "producer");
        try {
            producer.start();
            await(() -> producer.getState() == Thread.State.WAITING && heldBack.test(handedOver.get()), what);
        } finally {
            server.restart();
        }
        producer.join(PATIENCE.toMillis());
        assertFalse(producer.isAlive(), "the producer finished once the database was back");
        flush(w);
        assertEquals(total, handedOver.get());
    }

    /** Waits for a condition, failing after a deadline; no fixed sleeps decide a test. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }
}
