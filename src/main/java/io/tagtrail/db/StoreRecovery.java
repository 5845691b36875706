package io.tagtrail.db;

import io.tagtrail.core.StorePipeline;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.model.Epc;
import io.tagtrail.model.TagRead;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Rebuilds a store's state after a restart (or when another instance takes the store over): replays, in event
 * time, the raw reads logged since the store's last quiet point, when it held no shopper state. Results written
 * again are the same rows (idempotent writes), so nothing is counted twice.
 */
public final class StoreRecovery {
    private StoreRecovery() {
    }

    /** @return how many reads were replayed */
    public static long replay(Connection c, StorePipeline pipeline, long wallMillis) throws SQLException {
        StoreLayout layout = pipeline.layout();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long n = 0;
        long[] epc = new long[2];
        try (PreparedStatement ps = c.prepareStatement("SELECT time, reader_id, antenna, epc, rssi, read_count"
                + " FROM tag_reads WHERE store_id = ? AND time > COALESCE((SELECT quiet_at FROM store_checkpoints"
                + " WHERE store_id = ?), '-infinity') ORDER BY time, reader_id, antenna, epc")) {
            ps.setFetchSize(10_000);
            ps.setString(1, layout.storeId());
            ps.setString(2, layout.storeId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int reader = layout.readerIndex(rs.getString(2));
                    if (reader < 0 || !Epc.parseHex(rs.getString(4), epc)) {
                        continue;
                    }
                    Timestamp t = rs.getTimestamp(1);
                    TagRead read = new TagRead();
                    read.timeMicros = Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000;
                    read.readerIndex = reader;
                    read.antenna = rs.getInt(3);
                    read.epcHi = epc[0];
                    read.epcLo = epc[1];
                    read.rssiCdbm = Math.round(rs.getFloat(5) * 100);
                    read.readCount = rs.getInt(6);
                    pipeline.replay(read, wallMillis);
                    n++;
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(auto);
        }
        return n;
    }
}
