package io.tagtrail.fidelity;

import io.tagtrail.db.DbConfig;
import io.tagtrail.fidelity.GroundTruth.TripPath;
import io.tagtrail.fidelity.GroundTruth.Visit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores what is stored in the database against a ground-truth file: the results of the tags in the truth, over
 * the time the truth covers. {@code ./tagtrail fidelity} and the demo summary both use this.
 */
public final class Fidelity {
    private static final long MARGIN_MILLIS = 15 * 60_000L;

    private Fidelity() {
    }

    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void forEachRow(Connection c, String sql, RowHandler handler, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.accept(rs);
                }
            }
        }
    }

    public static FidelityReport score(DbConfig db, GroundTruth truth) throws SQLException {
        Set<String> stores = new HashSet<>();
        Set<String> epcs = new HashSet<>();
        for (Visit v : truth.visits()) {
            stores.add(v.storeId());
            epcs.add(v.epc());
        }
        Timestamp from = new Timestamp(truth.startMillis() - MARGIN_MILLIS);
        Timestamp to = new Timestamp(truth.endMillis() + MARGIN_MILLIS);
        List<Visit> visits = new ArrayList<>();
        List<TripPath> trips = new ArrayList<>();
        Set<String> counters = new HashSet<>();
        Map<String, Integer> unique = new HashMap<>();
        try (Connection c = db.connect()) {
            Array storeParam = c.createArrayOf("text", stores.toArray(String[]::new));
            forEachRow(c, "SELECT store_id, epc, zone_id, enter_time, exit_time FROM zone_visits"
                    + " WHERE store_id = ANY (?) AND enter_time >= ? AND enter_time < ?", rs -> {
                        if (epcs.contains(rs.getString(2))) {
                            visits.add(new Visit(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getTimestamp(4).getTime(), rs.getTimestamp(5).getTime()));
                        }
                    }, storeParam, from, to);
            forEachRow(c, "SELECT store_id, epc, start_time, end_time, path FROM trips"
                    + " WHERE store_id = ANY (?) AND start_time >= ? AND start_time < ?", rs -> {
                        if (epcs.contains(rs.getString(2))) {
                            trips.add(new TripPath(rs.getString(1), rs.getString(2), rs.getTimestamp(3).getTime(),
                                    rs.getTimestamp(4).getTime(), Arrays.asList((String[]) rs.getArray(5).getArray())));
                        }
                    }, storeParam, from, to);
            forEachRow(c, "SELECT store_id, zone_id FROM zones WHERE kind = 'counter' AND store_id = ANY (?)",
                    rs -> counters.add(rs.getString(1) + "|" + rs.getString(2)), storeParam);
            forEachRow(c, "SELECT store_id, zone_id, bucket, unique_visitors FROM zone_traffic_1m"
                    + " WHERE store_id = ANY (?) AND bucket >= ? AND bucket < ?",
                    rs -> unique.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getTimestamp(3).getTime(),
                            rs.getInt(4)), storeParam, from, to);
        }
        return FidelityScorer.score(truth, visits, trips, counters, unique);
    }
}
