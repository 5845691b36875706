package io.tagtrail.db;

import io.tagtrail.layout.Reader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** Writes store layouts into {@code stores}, {@code zones}, {@code readers} and their link tables. */
public final class LayoutStore {
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
                    "INSERT INTO layout_versions (store_id, layout_version, effective_from) VALUES (?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")) {
                ps.setString(1, layout.storeId());
                ps.setInt(2, layout.version());
                ps.setTimestamp(3, Timestamp.from(layout.effectiveFrom()));
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
}
