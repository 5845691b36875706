package io.tagtrail.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures a run's summary shows, read back from the database for one store and time range. */
final class Reports {
    private Reports() {
    }

    static long count(Connection c, String table, String timeColumn, String store, Timestamp from, Timestamp to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE store_id = ? AND "
                + timeColumn + " >= ? AND " + timeColumn + " < ?")) {
            ps.setString(1, store);
            ps.setTimestamp(2, from);
            ps.setTimestamp(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<Map<String, Object>> floorTraffic(Connection c, String store, Timestamp from, Timestamp to)
            throws SQLException {
        return rows(c, "SELECT floor, sum(entries) AS entries, max(peak_occupancy) AS peak_occupancy,"
                + " round(avg(avg_occupancy)::numeric, 2) AS avg_occupancy FROM floor_traffic_1m"
                + " WHERE store_id = ? AND bucket >= ? AND bucket < ? GROUP BY floor ORDER BY floor", store, from, to);
    }

    static List<Map<String, Object>> topZones(Connection c, String store, Timestamp from, Timestamp to)
            throws SQLException {
        return rows(c, "SELECT t.zone_id, z.name, sum(t.entries) AS entries, max(t.peak_occupancy) AS peak_occupancy"
                + " FROM zone_traffic_1m t JOIN zones z USING (store_id, zone_id)"
                + " WHERE t.store_id = ? AND t.bucket >= ? AND t.bucket < ?"
                + " GROUP BY t.zone_id, z.name ORDER BY entries DESC, t.zone_id LIMIT 5", store, from, to);
    }

    static List<Map<String, Object>> topPaths(Connection c, String store, Timestamp from, Timestamp to)
            throws SQLException {
        return rows(c, "SELECT array_to_string(path, ' > ') AS path, count(*) AS trips FROM trips"
                + " WHERE store_id = ? AND start_time >= ? AND start_time < ?"
                + " GROUP BY path ORDER BY trips DESC, path LIMIT 5", store, from, to);
    }

    static List<Map<String, Object>> counterRanking(Connection c, String store, Timestamp from, Timestamp to)
            throws SQLException {
        return rows(c, "SELECT zone_id, counter_name, count(*) FILTER (WHERE is_stop) AS stops,"
                + " count(*) FILTER (WHERE NOT is_stop) AS pass_bys,"
                + " round(avg(CASE WHEN is_stop THEN 1.0 ELSE 0.0 END), 3) AS stop_rate,"
                + " round((percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s)"
                + "   FILTER (WHERE is_stop))::numeric, 1) AS median_stop_dwell_s"
                + " FROM counter_dwell WHERE store_id = ? AND enter_time >= ? AND enter_time < ?"
                + " GROUP BY zone_id, counter_name ORDER BY stops DESC, zone_id", store, from, to);
    }

    private static List<Map<String, Object>> rows(Connection c, String sql, String store, Timestamp from,
                                                  Timestamp to) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, store);
            ps.setTimestamp(2, from);
            ps.setTimestamp(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i), v instanceof java.math.BigDecimal b
                                ? b.doubleValue() : v);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
