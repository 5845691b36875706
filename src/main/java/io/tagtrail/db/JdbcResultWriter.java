package io.tagtrail.db;

import io.tagtrail.core.ReaderHealth;
import io.tagtrail.core.ResultSink;
import io.tagtrail.core.Trip;
import io.tagtrail.core.ZoneMinute;
import io.tagtrail.core.ZoneVisit;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;
import io.tagtrail.layout.ZoneKind;
import io.tagtrail.member.Member;
import io.tagtrail.metrics.LatencyRecorder;
import io.tagtrail.model.Epc;
import io.tagtrail.model.TagRead;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes pipeline results to PostgreSQL / TimescaleDB on a thread of its own. Producers hand rows to a bounded
 * queue (and wait when it is full: backpressure, never a drop); the writer takes batches by size or by time and
 * writes each batch in one transaction, idempotently (natural keys, {@code ON CONFLICT}), retrying with backoff
 * while the database is unavailable. A batch is only taken off the books once committed, so nothing accepted is
 * lost by a database outage.
 */
public final class JdbcResultWriter implements ResultSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JdbcResultWriter.class.getName());

    private final DbConfig db;
    private final WriterConfig cfg;
    private final BlockingQueue<ResultRows.Row> queue;
    private final Thread thread;
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final java.util.ArrayDeque<Waiter> waiters = new java.util.ArrayDeque<>();
    private final AtomicLong visitsWritten = new AtomicLong();
    private final AtomicLong tripsWritten = new AtomicLong();
    private final AtomicLong rawReadsWritten = new AtomicLong();
    private final AtomicLong messagesLogged = new AtomicLong();
    /** Payload bytes of logged messages that may wait for the database, at most. */
    public static final long MAX_HELD_PAYLOAD_BYTES = 256L << 20;
    private final Object payloadLock = new Object();
    private long heldPayloadBytes;
    private final AtomicLong failures = new AtomicLong();
    private final LatencyRecorder batchLatency = new LatencyRecorder("tagtrail_writer_batch_seconds",
            "Time to write and commit one batch of results");
    private final long engagementMillis;
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private Connection connection;
    private boolean stagingTableReady;

    public JdbcResultWriter(DbConfig db, WriterConfig cfg) {
        this.db = db;
        this.cfg = cfg;
        this.queue = new ArrayBlockingQueue<>(cfg.queueCapacity());
        this.engagementMillis = cfg.engagementThreshold().toMillis();
        this.thread = new Thread(this::loop, "tagtrail-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    // ---- ResultSink: called on pipeline threads ----

    @Override
    public void visit(StoreLayout layout, ZoneVisit v, Member m) {
        Zone zone = layout.zone(v.zoneIndex());
        String epc = Epc.toHex(v.epcHi(), v.epcLo());
        Boolean stop = zone.kind() == ZoneKind.COUNTER ? v.dwellMillis() >= engagementMillis : null;
        enqueue(new ResultRows.Visit(layout.storeId(), zone.id(),
                ResultRows.naturalId(layout.storeId(), epc, zone.id(), Long.toString(v.enterMillis())), epc,
                m == null ? null : m.memberId(), m == null ? null : m.tier(), m == null ? null : m.segment(),
                new Timestamp(v.enterMillis()), new Timestamp(v.exitMillis()), v.dwellMillis() / 1000.0,
                v.readCount(), zone.floor(), zone.kind().label(), stop));
    }

    @Override
    public void trip(StoreLayout layout, Trip t, Member m) {
        String epc = Epc.toHex(t.epcHi(), t.epcLo());
        String[] path = new String[t.path().length];
        for (int i = 0; i < path.length; i++) {
            path[i] = layout.zone(t.path()[i]).id();
        }
        enqueue(new ResultRows.TripRow(layout.storeId(),
                ResultRows.naturalId(layout.storeId(), epc, Long.toString(t.startMillis())), epc,
                m == null ? null : m.memberId(), m == null ? null : m.tier(), m == null ? null : m.segment(),
                new Timestamp(t.startMillis()), new Timestamp(t.endMillis()),
                (t.endMillis() - t.startMillis()) / 1000.0, path, t.leftByEntrance()));
    }

    @Override
    public void minute(StoreLayout layout, ZoneMinute m) {
        Timestamp bucket = new Timestamp(m.bucketMillis());
        if (m.isFloor()) {
            enqueue(new ResultRows.FloorMinuteRow(bucket, layout.storeId(), m.floor(), m.entries(),
                    m.uniqueVisitors(), m.avgOccupancy(), m.peakOccupancy()));
        } else {
            enqueue(new ResultRows.ZoneMinuteRow(bucket, layout.storeId(), layout.zone(m.zoneIndex()).id(),
                    m.floor(), m.entries(), m.uniqueVisitors(), m.avgOccupancy(), m.peakOccupancy()));
        }
    }

    @Override
    public void occupancy(StoreLayout layout, long timeMillis, int[] occupancy) {
        Timestamp t = new Timestamp(timeMillis);
        for (int z = 0; z < occupancy.length; z++) {
            enqueue(new ResultRows.Occupancy(t, layout.storeId(), layout.zone(z).id(), occupancy[z]));
        }
    }

    @Override
    public void lateRead(StoreLayout layout, TagRead read) {
        enqueue(raw(true, layout, read));
    }

    @Override
    public void readerMinute(StoreLayout layout, ReaderHealth.Minute m) {
        boolean known = m.readerIndex() >= 0;
        enqueue(new ResultRows.ReaderMinuteRow(new Timestamp(m.bucketMillis()), layout.storeId(),
                known ? layout.reader(m.readerIndex()).id() : m.unknownName(), known, m.reads(), m.rejected(),
                m.late(), m.newestReadMicros() == Long.MIN_VALUE ? null : ResultRows.micros(m.newestReadMicros())));
    }

    @Override
    public void quietPoint(StoreLayout layout, long timeMillis) {
        enqueue(new ResultRows.QuietPoint(layout.storeId(), new Timestamp(timeMillis)));
    }

    @Override
    public void rawRead(StoreLayout layout, TagRead read) {
        if (cfg.rawReads()) {
            enqueue(raw(false, layout, read));
        }
    }

    @Override
    public void intakeMessage(StoreLayout layout, String readerId, long firstMicros, long lastMicros,
                              long receivedMillis, byte[] payload, long payloadHash, int[] skipped) {
        if (cfg.intakeLog()) {
            holdPayload(payload.length);
            enqueue(new ResultRows.LoggedMessage(layout.storeId(), readerId, firstMicros, lastMicros, receivedMillis,
                    payload, payloadHash, skipped));
        }
    }

    private static ResultRows.RawRead raw(boolean late, StoreLayout layout, TagRead r) {
        return new ResultRows.RawRead(late, ResultRows.micros(r.timeMicros), layout.storeId(),
                layout.reader(r.readerIndex).id(), r.antenna, Epc.toHex(r.epcHi, r.epcLo), r.rssiCdbm / 100f,
                r.readCount);
    }

    /**
     * Waits while the payloads of logged messages not yet committed hold {@link #MAX_HELD_PAYLOAD_BYTES} (unless none
     * is held: a single larger payload still goes through), then counts {@code bytes} more: a row of the intake log
     * is a whole message, so the queue's row count alone would not bound the heap.
     */
    private void holdPayload(long bytes) {
        synchronized (payloadLock) {
            try {
                while (heldPayloadBytes > 0 && heldPayloadBytes + bytes > MAX_HELD_PAYLOAD_BYTES) {
                    payloadLock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the database writer", e);
            }
            heldPayloadBytes += bytes;
        }
    }

    /** Payload bytes of logged messages handed over and not yet committed. */
    public long heldPayloadBytes() {
        synchronized (payloadLock) {
            return heldPayloadBytes;
        }
    }

    private void releasePayloads(List<ResultRows.Row> committed) {
        long bytes = 0;
        for (ResultRows.Row row : committed) {
            if (row instanceof ResultRows.LoggedMessage m) {
                bytes += m.payload().length;
            }
        }
        if (bytes > 0) {
            synchronized (payloadLock) {
                heldPayloadBytes -= bytes;
                payloadLock.notifyAll();
            }
        }
    }

    private void enqueue(ResultRows.Row row) {
        enqueued.incrementAndGet();
        try {
            queue.put(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            enqueued.decrementAndGet();
            throw new IllegalStateException("interrupted while waiting for the database writer", e);
        }
    }

    // ---- state for metrics, health and shutdown ----

    public LatencyRecorder batchLatency() {
        return batchLatency;
    }

    /** Rows waiting in the queue (not those of the batch being written). */
    public int queuedRows() {
        return queue.size();
    }

    /** Rows accepted but not yet committed. */
    public long backlog() {
        return enqueued.get() - written.get();
    }

    public long visitsWritten() {
        return visitsWritten.get();
    }

    public long tripsWritten() {
        return tripsWritten.get();
    }

    public long rawReadsWritten() {
        return rawReadsWritten.get();
    }

    /** Messages committed to the intake log. */
    public long messagesLogged() {
        return messagesLogged.get();
    }

    public long failures() {
        return failures.get();
    }

    /** False while the last attempt to write failed. */
    public boolean healthy() {
        return healthy;
    }

    public String lastError() {
        return lastError;
    }

    /**
     * Runs {@code action} (on the writer's thread, or now) once every row handed over so far is committed; actions
     * run in the order they were given, also when an earlier one has just come due and not run yet.
     */
    public void whenWritten(Runnable action) {
        synchronized (waiters) {
            waiters.add(new Waiter(enqueued.get(), action));
            runDueWaiters();
        }
    }

    private record Waiter(long seq, Runnable action) {
    }

    private void runDueWaiters() {
        synchronized (waiters) {
            long done = written.get();
            while (!waiters.isEmpty() && waiters.peek().seq() <= done) {
                try {
                    waiters.poll().action().run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "after-write action failed", e);
                }
            }
        }
    }

    /** Waits until every row handed over so far is committed. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        try {
            if (!flush(Duration.ofMinutes(2))) {
                LOG.warning("database writer closed with " + backlog() + " rows not written");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    // ---- writer thread ----

    private void loop() {
        List<ResultRows.Row> batch = new ArrayList<>(cfg.batchSize());
        long flushNanos = cfg.flushInterval().toNanos();
        while (running || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    ResultRows.Row first = queue.poll(flushNanos, TimeUnit.NANOSECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                queue.drainTo(batch, cfg.batchSize() - batch.size());
                writeWithRetry(batch);
                releasePayloads(batch);
                written.addAndGet(batch.size());
                runDueWaiters();
                batch.clear();
            } catch (InterruptedException e) {
                if (!running && batch.isEmpty() && queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void writeWithRetry(List<ResultRows.Row> batch) throws InterruptedException {
        long backoffMillis = 100;
        while (true) {
            try {
                long started = System.nanoTime();
                write(batch);
                batchLatency.recordNanos(System.nanoTime() - started);
                healthy = true;
                return;
            } catch (SQLException e) {
                failures.incrementAndGet();
                healthy = false;
                lastError = brief(e);
                LOG.log(Level.WARNING, "writing " + batch.size() + " rows failed, retrying in " + backoffMillis
                        + " ms: " + lastError);
                closeConnection();
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private void write(List<ResultRows.Row> batch) throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = db.connect();
            connection.setAutoCommit(false);
        }
        Connection c = connection;
        try {
            List<ResultRows.Visit> visits = new ArrayList<>();
            List<ResultRows.TripRow> trips = new ArrayList<>();
            List<ResultRows.ZoneMinuteRow> zoneMinutes = new ArrayList<>();
            List<ResultRows.FloorMinuteRow> floorMinutes = new ArrayList<>();
            List<ResultRows.Occupancy> occupancy = new ArrayList<>();
            List<ResultRows.RawRead> raw = new ArrayList<>();
            List<ResultRows.RawRead> late = new ArrayList<>();
            List<ResultRows.QuietPoint> quiet = new ArrayList<>();
            List<ResultRows.ReaderMinuteRow> readerMinutes = new ArrayList<>();
            List<ResultRows.LoggedMessage> messages = new ArrayList<>();
            for (ResultRows.Row row : batch) {
                if (row instanceof ResultRows.Visit v) {
                    visits.add(v);
                } else if (row instanceof ResultRows.TripRow t) {
                    trips.add(t);
                } else if (row instanceof ResultRows.ZoneMinuteRow z) {
                    zoneMinutes.add(z);
                } else if (row instanceof ResultRows.FloorMinuteRow f) {
                    floorMinutes.add(f);
                } else if (row instanceof ResultRows.Occupancy o) {
                    occupancy.add(o);
                } else if (row instanceof ResultRows.RawRead r) {
                    (r.late() ? late : raw).add(r);
                } else if (row instanceof ResultRows.QuietPoint q) {
                    quiet.add(q);
                } else if (row instanceof ResultRows.ReaderMinuteRow r) {
                    readerMinutes.add(r);
                } else if (row instanceof ResultRows.LoggedMessage m) {
                    messages.add(m);
                }
            }
            writeVisits(c, visits);
            writeTrips(c, trips);
            // an upsert may touch a row only once per statement: of rows with the same key, the last one wins
            writeZoneMinutes(c, lastPerKey(zoneMinutes, z -> List.of(z.storeId(), z.zoneId(), z.bucket())));
            writeFloorMinutes(c, lastPerKey(floorMinutes, f -> List.of(f.storeId(), f.floor(), f.bucket())));
            writeOccupancy(c, lastPerKey(occupancy, o -> List.of(o.storeId(), o.zoneId(), o.time())));
            IntakeLog.append(c, messages);
            copyRawReads(c, raw);
            writeLateReads(c, late);
            writeQuietPoints(c, lastPerKey(quiet, q -> List.of(q.storeId())));
            writeReaderMinutes(c, ResultRows.ReaderMinuteRow.summed(readerMinutes));
            c.commit();
            visitsWritten.addAndGet(visits.size());
            tripsWritten.addAndGet(trips.size());
            rawReadsWritten.addAndGet(raw.size());
            messagesLogged.addAndGet(messages.size());
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is replaced on retry
            }
            throw e instanceof SQLException s ? s : new SQLException(e);
        }
    }

    private static <T> List<T> lastPerKey(List<T> rows, Function<T, Object> key) {
        if (rows.size() < 2) {
            return rows;
        }
        Map<Object, T> last = new LinkedHashMap<>();
        for (T row : rows) {
            last.put(key.apply(row), row);
        }
        return last.size() == rows.size() ? rows : new ArrayList<>(last.values());
    }

    private static void writeVisits(Connection c, List<ResultRows.Visit> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone_visits (store_id, zone_id, visit_id, epc,"
                + " member_id, tier, segment, enter_time, exit_time, dwell_s, read_count, floor, zone_kind,"
                + " counter_stop) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ResultRows.Visit v : rows) {
                ps.setString(1, v.storeId());
                ps.setString(2, v.zoneId());
                ps.setObject(3, v.visitId());
                ps.setString(4, v.epc());
                ps.setString(5, v.memberId());
                ps.setString(6, v.tier());
                ps.setString(7, v.segment());
                ps.setTimestamp(8, v.enter());
                ps.setTimestamp(9, v.exit());
                ps.setDouble(10, v.dwellSeconds());
                ps.setInt(11, v.reads());
                ps.setInt(12, v.floor());
                ps.setString(13, v.kind());
                ps.setObject(14, v.counterStop(), java.sql.Types.BOOLEAN);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeTrips(Connection c, List<ResultRows.TripRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trips (store_id, trip_id, epc, member_id, tier,"
                + " segment, start_time, end_time, duration_s, zone_count, path, left_by_entrance)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ResultRows.TripRow t : rows) {
                ps.setString(1, t.storeId());
                ps.setObject(2, t.tripId());
                ps.setString(3, t.epc());
                ps.setString(4, t.memberId());
                ps.setString(5, t.tier());
                ps.setString(6, t.segment());
                ps.setTimestamp(7, t.start());
                ps.setTimestamp(8, t.end());
                ps.setDouble(9, t.durationSeconds());
                ps.setInt(10, t.path().length);
                ps.setArray(11, c.createArrayOf("text", t.path()));
                ps.setBoolean(12, t.leftByEntrance());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeZoneMinutes(Connection c, List<ResultRows.ZoneMinuteRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone_traffic_1m (bucket, store_id, zone_id,"
                + " floor, entries, unique_visitors, avg_occupancy, peak_occupancy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (store_id, zone_id, bucket) DO UPDATE SET entries = EXCLUDED.entries,"
                + " unique_visitors = EXCLUDED.unique_visitors, avg_occupancy = EXCLUDED.avg_occupancy,"
                + " peak_occupancy = EXCLUDED.peak_occupancy")) {
            for (ResultRows.ZoneMinuteRow z : rows) {
                ps.setTimestamp(1, z.bucket());
                ps.setString(2, z.storeId());
                ps.setString(3, z.zoneId());
                ps.setInt(4, z.floor());
                ps.setInt(5, z.entries());
                ps.setInt(6, z.unique());
                ps.setDouble(7, z.avgOccupancy());
                ps.setInt(8, z.peak());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeFloorMinutes(Connection c, List<ResultRows.FloorMinuteRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO floor_traffic_1m (bucket, store_id, floor,"
                + " entries, unique_visitors, avg_occupancy, peak_occupancy) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (store_id, floor, bucket) DO UPDATE SET entries = EXCLUDED.entries,"
                + " unique_visitors = EXCLUDED.unique_visitors, avg_occupancy = EXCLUDED.avg_occupancy,"
                + " peak_occupancy = EXCLUDED.peak_occupancy")) {
            for (ResultRows.FloorMinuteRow f : rows) {
                ps.setTimestamp(1, f.bucket());
                ps.setString(2, f.storeId());
                ps.setInt(3, f.floor());
                ps.setInt(4, f.entries());
                ps.setInt(5, f.unique());
                ps.setDouble(6, f.avgOccupancy());
                ps.setInt(7, f.peak());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeOccupancy(Connection c, List<ResultRows.Occupancy> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone_occupancy (time, store_id, zone_id,"
                + " occupancy) VALUES (?, ?, ?, ?) ON CONFLICT (store_id, zone_id, time)"
                + " DO UPDATE SET occupancy = EXCLUDED.occupancy")) {
            for (ResultRows.Occupancy o : rows) {
                ps.setTimestamp(1, o.time());
                ps.setString(2, o.storeId());
                ps.setString(3, o.zoneId());
                ps.setInt(4, o.occupancy());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeLateReads(Connection c, List<ResultRows.RawRead> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        // with raw reads on, a read that arrives again after it was applied (a replayed stream) is in tag_reads
        // already: it was not late, it was a duplicate (a durable intake recognises whole messages delivered again
        // before they reach the pipeline)
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO late_reads (time, store_id, reader_id, antenna,"
                + " epc, rssi) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM tag_reads t"
                + " WHERE t.store_id = ? AND t.reader_id = ? AND t.antenna = ? AND t.epc = ? AND t.time = ?)"
                + " ON CONFLICT DO NOTHING")) {
            for (ResultRows.RawRead r : rows) {
                ps.setTimestamp(1, r.time());
                ps.setString(2, r.storeId());
                ps.setString(3, r.readerId());
                ps.setInt(4, r.antenna());
                ps.setString(5, r.epc());
                ps.setFloat(6, r.rssi());
                ps.setString(7, r.storeId());
                ps.setString(8, r.readerId());
                ps.setInt(9, r.antenna());
                ps.setString(10, r.epc());
                ps.setTimestamp(11, r.time());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Raw reads go through COPY into a temporary staging table (emptied at every commit), then into tag_reads without
     * duplicates: COPY itself cannot skip rows that are already there.
     */
    private void copyRawReads(Connection c, List<ResultRows.RawRead> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!stagingTableReady) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS tag_reads_in (LIKE tag_reads INCLUDING DEFAULTS)"
                        + " ON COMMIT DELETE ROWS");
            }
            stagingTableReady = true;
        }
        StringBuilder csv = new StringBuilder(rows.size() * 96);
        for (ResultRows.RawRead r : rows) {
            csv.append(r.time().toInstant()).append(',');
            quoted(csv, r.storeId()).append(',');
            quoted(csv, r.readerId()).append(',').append(r.antenna()).append(',');
            quoted(csv, r.epc()).append(',').append(r.rssi()).append(',').append(r.readCount()).append('\n');
        }
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY tag_reads_in (time, store_id, reader_id, antenna, epc, rssi, read_count)"
                    + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY of raw reads failed: " + e.getMessage(), e);
        }
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO tag_reads SELECT * FROM tag_reads_in ON CONFLICT DO NOTHING");
        }
    }

    /** A CSV field that stays one field whatever it contains (ids come from layout files). */
    private static StringBuilder quoted(StringBuilder csv, String text) {
        csv.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                csv.append('"');
            }
            csv.append(ch);
        }
        return csv.append('"');
    }

    /**
     * A reader's minute can come in parts: the part before a restart and the part after it, each counted by its own
     * process, so a row adds to the one already there. Each part is written once: a replay after a crash counts
     * reader health only where it was not written ({@link StoreRecovery}). Adding is not idempotent: a batch whose
     * commit reached the server but whose answer was lost is written again on retry, and its reader minutes then
     * count twice (visits, trips and the other results are keyed and are not affected).
     */
    private static void writeReaderMinutes(Connection c, List<ResultRows.ReaderMinuteRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reader_health_1m (bucket, store_id, reader_id,"
                + " in_layout, reads, rejected, late, last_read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (store_id, reader_id, bucket) DO UPDATE SET in_layout = EXCLUDED.in_layout,"
                + " reads = reader_health_1m.reads + EXCLUDED.reads,"
                + " rejected = reader_health_1m.rejected + EXCLUDED.rejected,"
                + " late = reader_health_1m.late + EXCLUDED.late,"
                + " last_read_at = GREATEST(reader_health_1m.last_read_at, EXCLUDED.last_read_at)")) {
            for (ResultRows.ReaderMinuteRow r : rows) {
                ps.setTimestamp(1, r.bucket());
                ps.setString(2, r.storeId());
                ps.setString(3, r.readerId());
                ps.setBoolean(4, r.inLayout());
                ps.setLong(5, r.reads());
                ps.setLong(6, r.rejected());
                ps.setLong(7, r.late());
                ps.setTimestamp(8, r.lastReadAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Records each store's quiet point, and drops the store's logged messages older than the intake log's retention
     * before it (TimescaleDB also drops whole chunks by policy; plain PostgreSQL has only this).
     */
    private void writeQuietPoints(Connection c, List<ResultRows.QuietPoint> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (cfg.intakeLog()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM intake_log WHERE store_id = ?"
                    + " AND last_time < ?")) {
                long retention = cfg.logRetention().toMillis();
                for (ResultRows.QuietPoint q : rows) {
                    ps.setString(1, q.storeId());
                    ps.setTimestamp(2, new Timestamp(q.time().getTime() - retention));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_checkpoints (store_id, quiet_at)"
                + " VALUES (?, ?) ON CONFLICT (store_id) DO UPDATE SET"
                + " quiet_at = GREATEST(store_checkpoints.quiet_at, EXCLUDED.quiet_at), updated_at = now()")) {
            for (ResultRows.QuietPoint q : rows) {
                ps.setString(1, q.storeId());
                ps.setTimestamp(2, q.time());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The cause of a failed write without the batch's SQL, which the driver puts into its message. */
    static String brief(SQLException e) {
        SQLException root = e.getNextException() != null ? e.getNextException() : e;
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 240 ? m.substring(0, 240) + "..." : m;
    }

    private void closeConnection() {
        stagingTableReady = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
