package io.tagtrail.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends the messages the durable intake took to {@code intake_log}, in binary COPY: one row per message, the payload
 * as it arrived, so that the database does per message what it would otherwise do per read.
 */
final class IntakeLog {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final int COLUMNS = 8;
    private static final int INT4_OID = 23;
    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00Z. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** COPY data is sent in pieces of about this size. */
    static final int CHUNK = 1 << 20;

    private IntakeLog() {
    }

    static void append(Connection c, List<ResultRows.LoggedMessage> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY intake_log (store_id, reader_id,"
                + " first_time, last_time, received_at, payload_hash, payload, skipped)"
                + " FROM STDIN WITH (FORMAT binary)");
        try {
            ByteBuffer out = ByteBuffer.allocate(bufferSize(rows));
            out.put(HEADER);
            for (ResultRows.LoggedMessage m : rows) {
                byte[] store = m.storeId().getBytes(StandardCharsets.UTF_8);
                byte[] reader = m.readerId().getBytes(StandardCharsets.UTF_8);
                if (out.remaining() < fieldsBeforePayload(store.length, reader.length)) {
                    flush(copy, out);
                }
                out.putShort((short) COLUMNS);
                out.putInt(store.length).put(store);
                out.putInt(reader.length).put(reader);
                out.putInt(8).putLong(m.firstMicros() - PG_EPOCH_MICROS);
                out.putInt(8).putLong(m.lastMicros() - PG_EPOCH_MICROS);
                out.putInt(8).putLong(m.receivedMillis() * 1000 - PG_EPOCH_MICROS);
                out.putInt(8).putLong(m.payloadHash());
                out.putInt(m.payload().length);
                // payloads go straight to the connection, however large
                flush(copy, out);
                copy.writeToCopy(m.payload(), 0, m.payload().length);
                skipped(copy, out, m.skipped());
            }
            if (out.remaining() < 2) {
                flush(copy, out);
            }
            out.putShort((short) -1);
            flush(copy, out);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * Room for every field of the batch but the payloads (which go to the connection directly), up to {@value #CHUNK}
     * bytes: a batch of a few messages does not allocate (and clear) a megabyte.
     */
    private static int bufferSize(List<ResultRows.LoggedMessage> rows) {
        long bytes = HEADER.length + 2;
        for (ResultRows.LoggedMessage m : rows) {
            // a UTF-8 character takes at most three bytes
            bytes += fieldsBeforePayload(m.storeId().length() * 3, m.readerId().length() * 3)
                    + skippedField(m.skipped());
            if (bytes >= CHUNK) {
                return CHUNK;
            }
        }
        return (int) bytes;
    }

    /** A row's bytes up to its payload: the field count, the fields before it and the payload's length. */
    private static int fieldsBeforePayload(int storeBytes, int readerBytes) {
        return 2 + 7 * 4 + storeBytes + readerBytes + 4 * 8;
    }

    /** The skip list's field, its length included. */
    private static int skippedField(int[] positions) {
        return positions == null ? 4 : 4 + 20 + 8 * positions.length;
    }

    /** A one-dimensional int4 array in PostgreSQL's binary form, or NULL. */
    private static void skipped(CopyIn copy, ByteBuffer out, int[] positions) throws SQLException {
        int bytes = skippedField(positions);
        if (out.remaining() < bytes) {
            flush(copy, out);
        }
        if (positions == null) {
            out.putInt(-1);
            return;
        }
        ByteBuffer field = out.remaining() >= bytes ? out : ByteBuffer.allocate(bytes);
        field.putInt(bytes - 4).putInt(1).putInt(0).putInt(INT4_OID).putInt(positions.length).putInt(1);
        for (int p : positions) {
            field.putInt(4).putInt(p);
        }
        if (field != out) {
            copy.writeToCopy(field.array(), 0, field.position());
        }
    }

    private static void flush(CopyIn copy, ByteBuffer out) throws SQLException {
        if (out.position() > 0) {
            copy.writeToCopy(out.array(), 0, out.position());
            out.clear();
        }
    }
}
