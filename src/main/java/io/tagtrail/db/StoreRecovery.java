package io.tagtrail.db;

import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Rebuilds a store's state after a restart (or when another instance takes the store over): replays the messages the
 * durable intake logged since the store's last quiet point, when it held no shopper state, in the order they were
 * taken, through the same decoders, and takes again exactly the reads the pipeline took then: each logged message
 * lists the reads it did not take (late, also when only because event time had moved on with the wall clock while
 * the readers were silent, or rejected), and reads up to the quiet point are left out. Results written again are the
 * same rows (idempotent writes), so nothing is counted twice. Reader health is counted again only where it was not
 * written (see {@link StorePipeline#replayHealthAfter}). The replay begins under the layout version in force where it
 * begins. A logged message in which the decoders now recognise no format (logged by a version that recognised more)
 * is passed over with a warning, not replayed.
 */
public final class StoreRecovery {
    private static final Logger LOG = Logger.getLogger(StoreRecovery.class.getName());
    /** Messages fetched from the database at a time (each holds a reader's whole report). */
    private static final int FETCH_MESSAGES = 200;

    private StoreRecovery() {
    }

    /**
     * @param decoders the decoder for a payload, as the intake chooses it
     * @return how many reads were replayed
     */
    public static long replay(Connection c, StorePipeline pipeline, Function<byte[], TagReadDecoder> decoders,
                              long wallMillis) throws SQLException {
        String store = pipeline.layout().storeId();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Timestamp quiet;
            try (PreparedStatement ps = c.prepareStatement("SELECT quiet_at FROM store_checkpoints"
                    + " WHERE store_id = ?")) {
                ps.setString(1, store);
                try (ResultSet rs = ps.executeQuery()) {
                    quiet = rs.next() ? rs.getTimestamp(1) : null;
                }
            }
            underLayoutOfItsTime(c, pipeline, quiet, wallMillis);
            // the store's newest minute of reader health written, and the readers that have a row in it
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket, reader_id FROM reader_health_1m"
                    + " WHERE store_id = ? AND bucket = (SELECT max(bucket) FROM reader_health_1m"
                    + " WHERE store_id = ?)")) {
                ps.setString(1, store);
                ps.setString(2, store);
                long newest = Long.MIN_VALUE;
                List<String> readersWritten = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        newest = rs.getTimestamp(1).getTime();
                        readersWritten.add(rs.getString(2));
                    }
                }
                pipeline.replayHealthAfter(newest, readersWritten);
            }
            Replay replay = new Replay(pipeline, quiet == null ? Long.MIN_VALUE
                    : Math.floorDiv(quiet.getTime(), 1000L) * 1_000_000L + quiet.getNanos() / 1000, wallMillis);
            try (PreparedStatement ps = c.prepareStatement("SELECT reader_id, payload, skipped, received_at"
                    + " FROM intake_log"
                    + " WHERE store_id = ? AND last_time > COALESCE(?::timestamptz, '-infinity') ORDER BY seq")) {
                ps.setFetchSize(FETCH_MESSAGES);
                ps.setString(1, store);
                ps.setTimestamp(2, quiet);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String reader = rs.getString(1);
                        byte[] payload = rs.getBytes(2);
                        TagReadDecoder decoder = decoders.apply(payload);
                        if (decoder == null) {
                            replay.unrecognised++;
                            continue;
                        }
                        Array skipped = rs.getArray(3);
                        replay.start(reader, skipped == null ? null : (Integer[]) skipped.getArray(),
                                rs.getTimestamp(4).getTime());
                        decoder.decode(payload, 0, payload.length, replay);
                    }
                }
            }
            if (replay.unrecognised > 0) {
                LOG.warning(String.format("store %s: %,d logged messages are in no format the intake recognises now;"
                        + " their reads were not replayed", store, replay.unrecognised));
            }
            return replay.replayed;
        } finally {
            c.commit();
            c.setAutoCommit(auto);
        }
    }

    /**
     * The replay begins under the layout version that was in force at its start, when the loaded one takes effect
     * only later: the loaded one takes over at its effective time, as it did the first time.
     */
    private static void underLayoutOfItsTime(Connection c, StorePipeline pipeline, Timestamp quiet, long wallMillis)
            throws SQLException {
        Timestamp start = quiet;
        if (start == null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT min(first_time) FROM intake_log"
                    + " WHERE store_id = ?")) {
                ps.setString(1, pipeline.layout().storeId());
                try (ResultSet rs = ps.executeQuery()) {
                    start = rs.next() ? rs.getTimestamp(1) : null;
                }
            }
        }
        LayoutStore.startUnderVersionInForce(c, pipeline,
                start != null ? start.toInstant() : Instant.ofEpochMilli(wallMillis));
    }

    /** A logged message as the intake remembers it. */
    @FunctionalInterface
    public interface LoggedMessage {
        void accept(String storeId, String readerId, long payloadHash);
    }

    /**
     * The latest {@code limit} messages logged for these stores, in the order they were taken (the newest last),
     * whatever the quiet point: for the intake to recognise those delivered again after the restart (a message
     * committed just before a crash may never have been acknowledged).
     */
    public static void latestMessages(Connection c, Collection<String> stores, int limit, LoggedMessage each)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT store_id, reader_id, payload_hash FROM (SELECT seq,"
                + " store_id, reader_id, payload_hash FROM intake_log WHERE store_id = ANY (?) ORDER BY seq DESC"
                + " LIMIT ?) latest ORDER BY seq")) {
            ps.setArray(1, c.createArrayOf("text", stores.toArray()));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getString(1), rs.getString(2), rs.getLong(3));
                }
            }
        }
    }

    /** Takes the reads of one logged message after another into the pipeline, as the intake took them. */
    private static final class Replay implements TagReadDecoder.Sink {
        private final StorePipeline pipeline;
        private final long quietMicros;
        private final long wallMillis;
        private String readerId;
        /**
         * The message's reads not taken, by ascending position: a late read as its position, a rejected one as
         * {@code -(position + 1)} (logged before the log told them apart: every one as its position); the next one to
         * meet; reads met so far.
         */
        private Integer[] skipped;
        private int nextSkipped;
        private int position;
        private long receivedMillis;
        long replayed;
        long unrecognised;

        Replay(StorePipeline pipeline, long quietMicros, long wallMillis) {
            this.pipeline = pipeline;
            this.quietMicros = quietMicros;
            this.wallMillis = wallMillis;
        }

        void start(String reader, Integer[] notTaken, long receivedMillis) {
            readerId = reader;
            skipped = notTaken;
            nextSkipped = 0;
            position = 0;
            this.receivedMillis = receivedMillis;
        }

        @Override
        public void onRead(TagRead read, String payloadReaderName) {
            int p = position++;
            long t = read.timeMicros;
            int index = pipeline.readerIndexAt(readerId, t);
            int entry = skipped != null && nextSkipped < skipped.length ? skipped[nextSkipped] : Integer.MIN_VALUE;
            boolean rejected = entry < 0 && -entry - 1 == p;
            boolean notTaken = rejected || entry == p;
            if (notTaken) {
                nextSkipped++;
            }
            if (t <= quietMicros || index < 0) {
                return;
            }
            read.readerIndex = index;
            if (notTaken) {
                // a read listed as late in a message logged before rejections were told apart may have been rejected:
                // as one whose payload named another reader than its topic
                boolean misnamed = payloadReaderName != null && !payloadReaderName.isEmpty()
                        && pipeline.readerIndexAt(payloadReaderName, t) != index;
                pipeline.replayNotTaken(read, receivedMillis, rejected, misnamed, wallMillis);
                return;
            }
            pipeline.replay(read, wallMillis);
            replayed++;
        }

        @Override
        public void onReject(RejectReason reason, String detail) {
            // rejected when it arrived as well: counted again for reader health where its minute was not written
            pipeline.replayRejected(pipeline.readerIndexAt(readerId, Long.MIN_VALUE));
        }
    }
}
