package io.tagtrail.db;

import io.tagtrail.core.StorePipeline;
import io.tagtrail.layout.LayoutException;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.Reader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.logging.Logger;

/** Writes store layouts into {@code stores}, {@code zones}, {@code readers} and their link tables. */
public final class LayoutStore {
    private static final Logger LOG = Logger.getLogger(LayoutStore.class.getName());

    private LayoutStore() {
    }

    public static void upsert(Connection c, StoreLayout layout) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO stores (store_id, name, timezone, layout_version) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (store_id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone,"
                            + " layout_version = EXCLUDED.layout_version, updated_at = now()")) {
                ps.setString(1, layout.storeId());
                ps.setString(2, layout.name());
                ps.setString(3, layout.timezone());
                ps.setInt(4, layout.version());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO layout_versions (store_id, layout_version, effective_from, document)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (store_id, layout_version)"
                            + " DO UPDATE SET document = EXCLUDED.document")) {
                ps.setString(1, layout.storeId());
                ps.setInt(2, layout.version());
                ps.setTimestamp(3, Timestamp.from(layout.effectiveFrom()));
                ps.setString(4, layout.document());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO zones (store_id, zone_id, floor, kind, name, x, y, w, h, layout_version) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, zone_id) DO UPDATE SET "
                            + "floor = EXCLUDED.floor, kind = EXCLUDED.kind, name = EXCLUDED.name, x = EXCLUDED.x,"
                            + " y = EXCLUDED.y, w = EXCLUDED.w, h = EXCLUDED.h,"
                            + " layout_version = EXCLUDED.layout_version")) {
                for (Zone z : layout.zones()) {
                    ps.setString(1, layout.storeId());
                    ps.setString(2, z.id());
                    ps.setInt(3, z.floor());
                    ps.setString(4, z.kind().label());
                    ps.setString(5, z.name());
                    ps.setDouble(6, z.x());
                    ps.setDouble(7, z.y());
                    ps.setDouble(8, z.width());
                    ps.setDouble(9, z.height());
                    ps.setInt(10, layout.version());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM zone_adjacency WHERE store_id = ?");
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO zone_adjacency (store_id, zone_id, neighbour_id) VALUES (?, ?, ?)")) {
                del.setString(1, layout.storeId());
                del.executeUpdate();
                for (Zone z : layout.zones()) {
                    for (int n : layout.neighbours(z.index())) {
                        ps.setString(1, layout.storeId());
                        ps.setString(2, z.id());
                        ps.setString(3, layout.zone(n).id());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement readers = c.prepareStatement(
                    "INSERT INTO readers (store_id, reader_id, hostname) VALUES (?, ?, ?) "
                            + "ON CONFLICT (store_id, reader_id) DO UPDATE SET hostname = EXCLUDED.hostname");
                 PreparedStatement del = c.prepareStatement("DELETE FROM reader_antennas WHERE store_id = ?");
                 PreparedStatement antennas = c.prepareStatement(
                         "INSERT INTO reader_antennas (store_id, reader_id, antenna, zone_id) VALUES (?, ?, ?, ?)")) {
                del.setString(1, layout.storeId());
                del.executeUpdate();
                for (Reader r : layout.readers()) {
                    readers.setString(1, layout.storeId());
                    readers.setString(2, r.id());
                    readers.setString(3, r.hostname());
                    readers.addBatch();
                    for (var e : r.antennaZones().entrySet()) {
                        antennas.setString(1, layout.storeId());
                        antennas.setString(2, r.id());
                        antennas.setInt(3, e.getKey());
                        antennas.setString(4, layout.zone(e.getValue()).id());
                        antennas.addBatch();
                    }
                }
                readers.executeBatch();
                antennas.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * The version of the store's layout in force at {@code time} as it was loaded then, or null when none older than
     * {@code newerThan} was kept (versions loaded before their documents were kept, V10, have none).
     */
    private static StoreLayout inForceAt(Connection c, String storeId, Instant time, int newerThan)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT layout_version, document FROM layout_versions"
                + " WHERE store_id = ? AND effective_from <= ? ORDER BY effective_from DESC, layout_version DESC"
                + " LIMIT 1")) {
            ps.setString(1, storeId);
            ps.setTimestamp(2, Timestamp.from(time));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) >= newerThan || rs.getString(2) == null) {
                    return null;
                }
                StoreLayout layout;
                try {
                    layout = LayoutLoader.parse(new ByteArrayInputStream(rs.getString(2)
                            .getBytes(StandardCharsets.UTF_8)), "layout_versions " + storeId + " v" + rs.getInt(1));
                } catch (IOException | LayoutException e) {
                    LOG.warning("store " + storeId + ": layout version " + rs.getInt(1) + " as kept cannot be read"
                            + " back (" + e.getMessage() + "); the current version is used in its place");
                    return null;
                }
                return layout.storeId().equals(storeId) ? layout : layout.withStoreId(storeId);
            }
        }
    }

    /**
     * When the store's loaded layout takes effect only after {@code at} (a new version loaded ahead of its time, then
     * a restart), the pipeline starts under the version in force at {@code at}, as kept, and the loaded one takes
     * over at its effective time. Does nothing when the loaded one is in force at {@code at}, or no older version's
     * document was kept.
     *
     * @return the version the pipeline starts under, or null when it is the loaded one
     */
    public static StoreLayout startUnderVersionInForce(Connection c, StorePipeline pipeline, Instant at)
            throws SQLException {
        StoreLayout loaded = pipeline.newestLayout();
        if (!at.isBefore(loaded.effectiveFrom())) {
            return null;
        }
        StoreLayout earlier = inForceAt(c, loaded.storeId(), at, loaded.version());
        if (earlier == null) {
            LOG.warning("store " + loaded.storeId() + ": layout version " + loaded.version() + " takes effect at "
                    + loaded.effectiveFrom() + ", but no earlier version in force at " + at + " is kept; version "
                    + loaded.version() + " is used from now on");
            return null;
        }
        pipeline.startUnder(earlier);
        LOG.info("store " + loaded.storeId() + ": under layout version " + earlier.version() + ", in force at " + at
                + "; version " + loaded.version() + " takes over at " + loaded.effectiveFrom());
        return earlier;
    }
}
