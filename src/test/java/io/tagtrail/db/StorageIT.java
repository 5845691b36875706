package io.tagtrail.db;

import io.tagtrail.core.Trip;
import io.tagtrail.it.SimulatedRun;
import io.tagtrail.it.TestDatabases;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The storage layout on real databases: TimescaleDB features when {@code TAGTRAIL_TEST_TIMESCALEDB_URL} names a
 * server (those tests are skipped otherwise), and the same views with the same answers on plain PostgreSQL always.
 */
class StorageIT {
    static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    static DbConfig timescaleOrSkip() throws Exception {
        DbConfig ts = TestDatabases.freshTimescale();
        assumeTrue(ts != null, TestDatabases.TIMESCALE_ENV + " is not set: no TimescaleDB to test against");
        Schema.migrate(ts);
        return ts;
    }

    // ---- TimescaleDB only ----

    @Test
    void timeKeyedTablesAreHypertablesWithChunkIntervalsForTheirWriteRates() throws Exception {
        DbConfig ts = timescaleOrSkip();
        Map<String, String> chunks = new TreeMap<>();
        for (List<String> row : rows(ts, "SELECT hypertable_name, time_interval::text"
                + " FROM timescaledb_information.dimensions WHERE hypertable_schema = 'public'")) {
            chunks.put(row.get(0), row.get(1));
        }
        Map<String, String> expected = new TreeMap<>(Map.of("tag_reads", "01:00:00", "intake_log", "01:00:00",
                "late_reads", "1 day", "zone_visits", "1 day", "trips", "7 days", "zone_traffic_1m", "7 days", "floor_traffic_1m", "7 days",
                "zone_occupancy", "1 day", "reader_health_1m", "7 days"));
        assertEquals(expected, chunks);
    }

    @Test
    void trafficRollupsAreRealTimeContinuousAggregatesRefreshedByPolicy() throws Exception {
        DbConfig ts = timescaleOrSkip();
        try (Connection c = ts.connect()) {
            new StoragePolicies(StorageConfig.DEFAULTS).apply(c);
        }
        assertEquals(List.of(List.of("zone_traffic_1d", "false"), List.of("zone_traffic_1h", "false")),
                rows(ts, "SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates"
                        + " ORDER BY view_name"));
        assertEquals(List.of(List.of("zone_traffic_1d", "3 days", "01:00:00", "00:05:00"),
                        List.of("zone_traffic_1h", "3 days", "01:00:00", "00:05:00")),
                rows(ts, "SELECT hypertable_name, (config->>'start_offset')::interval::text,"
                        + " (config->>'end_offset')::interval::text, schedule_interval::text"
                        + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'"
                        + " ORDER BY hypertable_name"));
        assertEquals(List.of(List.of("counter_dwell_1d"), List.of("counter_dwell_1h")),
                rows(ts, "SELECT table_name FROM information_schema.views WHERE table_name LIKE 'counter_dwell_1_'"
                        + " ORDER BY 1"), "counter dwell stays a view: percentiles cannot be rolled up");
    }

    @Test
    void retentionAndCompressionPoliciesFollowTheConfigurationAndChangeWithIt() throws Exception {
        DbConfig ts = timescaleOrSkip();
        StoragePolicies defaults = new StoragePolicies(StorageConfig.DEFAULTS);
        StorageConfig d = StorageConfig.DEFAULTS;
        StorageConfig shorterRaw = new StorageConfig(Duration.ofDays(2), d.rawCompressAfter(),
                d.occupancyRetention(), d.resultRetention(), d.compressAfter(), d.rollupRetention(),
                d.rollupRefreshInterval(), d.rollupRefreshLookback());
        try (Connection c = ts.connect()) {
            assertEquals(defaults.policies().size(), defaults.apply(c).size(), "every policy added once");
            assertEquals(List.of(), defaults.apply(c), "nothing changes when the configuration did not");
            assertEquals(List.of("updated retention policy on tag_reads: drop_after 2 days",
                            "updated retention policy on intake_log: drop_after 2 days"),
                    new StoragePolicies(shorterRaw).apply(c));
        }
        assertEquals(List.of(
                        List.of("floor_traffic_1m", "730 days"), List.of("intake_log", "2 days"),
                        List.of("late_reads", "730 days"), List.of("tag_reads", "2 days"), List.of("trips", "730 days"),
                        List.of("zone_occupancy", "30 days"), List.of("zone_traffic_1d", "1825 days"),
                        List.of("zone_traffic_1h", "1825 days"), List.of("zone_traffic_1m", "730 days"),
                        List.of("zone_visits", "730 days")),
                rows(ts, "SELECT hypertable_name, (config->>'drop_after')::interval::text"
                        + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
                        + " ORDER BY hypertable_name"));
        assertEquals(List.of(
                        List.of("floor_traffic_1m", "7 days"), List.of("late_reads", "7 days"),
                        List.of("tag_reads", "1 day"), List.of("trips", "7 days"),
                        List.of("zone_occupancy", "7 days"), List.of("zone_traffic_1m", "7 days"),
                        List.of("zone_visits", "7 days")),
                rows(ts, "SELECT hypertable_name, (config->>'compress_after')::interval::text"
                        + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'"
                        + " ORDER BY hypertable_name"));
    }

    @Test
    void rewritingResultsIntoCompressedChunksStillLeavesOneRowEach() throws Exception {
        DbConfig ts = timescaleOrSkip();
        WriterConfig cfg = new WriterConfig(100, Duration.ofMillis(50), 1_000, Duration.ofSeconds(30), true);
        try (JdbcResultWriter w = new JdbcResultWriter(ts, cfg)) {
            ResultWriterIT.writeAll(w, 200, 300);
            ResultWriterIT.flush(w);
        }
        try (Connection c = ts.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT compress_chunk(ch) FROM show_chunks('zone_visits') ch");
            s.execute("SELECT compress_chunk(ch) FROM show_chunks('tag_reads') ch");
        }
        assertTrue(TestDatabases.count(ts, "SELECT count(*) FROM timescaledb_information.chunks"
                + " WHERE hypertable_name IN ('zone_visits', 'tag_reads') AND is_compressed") > 0);
        try (JdbcResultWriter w = new JdbcResultWriter(ts, cfg)) {
            ResultWriterIT.writeAll(w, 200, 300);
            ResultWriterIT.flush(w);
        }
        assertEquals(200, TestDatabases.count(ts, "SELECT count(*) FROM zone_visits"));
        assertEquals(300, TestDatabases.count(ts, "SELECT count(*) FROM tag_reads"));
    }

    // ---- every database ----

    @Test
    void policiesAreNoneOfPlainPostgresqlsBusiness() throws Exception {
        DbConfig pg = TestDatabases.freshPostgres();
        Schema.migrate(pg);
        try (Connection c = pg.connect()) {
            assertEquals(List.of(), new StoragePolicies(StorageConfig.DEFAULTS).apply(c));
        }
    }

    @Test
    void onPlainPostgresqlVisitsTripsAndRawReadsAreKeyedByStoreAndTimeFirstSoThatNewRowsGoToTheKeysEdge() throws Exception {
        DbConfig pg = TestDatabases.freshPostgres();
        Schema.migrate(pg);
        try (Connection c = pg.connect()) {
            assertEquals(List.of("store_id", "enter_time", "visit_id"), keyColumns(c, "zone_visits"));
            assertEquals(List.of("store_id", "start_time", "trip_id"), keyColumns(c, "trips"));
            assertEquals(List.of("store_id", "time", "reader_id", "antenna", "epc"), keyColumns(c, "tag_reads"));
            assertEquals(List.of("trips_pkey"), indexes(c, "trips"), "the key serves what trips_store_time served");
            assertEquals(List.of("tag_reads_pkey"), indexes(c, "tag_reads"), "and what tag_reads_store_time served");
        }
    }

    @Test
    void aPlainPostgresqlDatabaseHoldingResultsMigratesToTheTimeOrderedKeysAndWritesStayIdempotent() throws Exception {
        DbConfig pg = TestDatabases.freshPostgres();
        Flyway.configure().dataSource(pg.url(), pg.user(), pg.password())
                .locations("classpath:db/migration").target("8").load().migrate();
        writeResults(pg, 0, 3_000);
        List<String> tables = List.of("zone_visits", "trips", "tag_reads");
        Map<String, Long> before = counts(pg, tables);
        assertEquals(Map.of("zone_visits", 3_000L, "trips", 300L, "tag_reads", 3_000L), before);

        assertEquals(1, Flyway.configure().dataSource(pg.url(), pg.user(), pg.password())
                .locations("classpath:db/migration").target("9").load().migrate().migrationsExecuted,
                "V9 on a database that holds rows");
        try (Connection c = pg.connect()) {
            assertEquals(List.of("store_id", "enter_time", "visit_id"), keyColumns(c, "zone_visits"));
        }
        assertEquals(before, counts(pg, tables), "the migration keeps every row");
        writeResults(pg, 0, 3_000);
        assertEquals(before, counts(pg, tables), "rows written again are the same rows under the new keys");
        writeResults(pg, 3_000, 4_000);
        assertEquals(Map.of("zone_visits", 4_000L, "trips", 400L, "tag_reads", 4_000L), counts(pg, tables));
    }

    /** Visits and raw reads from {@code from} to {@code to}, and a trip for every tenth of them. */
    private static void writeResults(DbConfig db, int from, int to) throws Exception {
        try (JdbcResultWriter w = new JdbcResultWriter(db, ResultWriterIT.config(500, 10_000, true))) {
            for (int i = from; i < to; i++) {
                w.visit(ResultWriterIT.LAYOUT, ResultWriterIT.visit(i), null);
                w.rawRead(ResultWriterIT.LAYOUT, ResultWriterIT.read(i));
                if (i % 10 == 0) {
                    long start = ResultWriterIT.T0 + i * 1_000L;
                    w.trip(ResultWriterIT.LAYOUT, new Trip(ResultWriterIT.LOYALTY_HI, i, start,
                            start + 600_000, new int[] {0, 2, 3}, true), null);
                }
            }
            ResultWriterIT.flush(w);
        }
    }

    private static List<String> keyColumns(Connection c, String table) throws SQLException {
        List<String> columns = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement("SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY k.n")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static List<String> indexes(Connection c, String table) throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE tablename = ? ORDER BY 1")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Test
    void rollupViewsGiveTheSameAnswersOnEveryDatabase() throws Exception {
        List<List<List<String>>> answers = new ArrayList<>();
        List<String> queries = List.of(
                "SELECT bucket, store_id, zone_id, floor, entries, visitor_minutes, shopper_minutes, avg_occupancy,"
                        + " peak_occupancy FROM zone_traffic_1h ORDER BY bucket, zone_id",
                "SELECT bucket, zone_id, entries, visitor_minutes, shopper_minutes, avg_occupancy, peak_occupancy"
                        + " FROM zone_traffic_1d WHERE bucket >= '2026-11-20' ORDER BY bucket, zone_id",
                "SELECT bucket, store_id, zone_id, floor, visits, stops, pass_bys, median_dwell_s, p90_dwell_s,"
                        + " avg_dwell_s, total_dwell_s, median_stop_dwell_s FROM counter_dwell_1h ORDER BY bucket",
                "SELECT bucket, zone_id, visits, stops, pass_bys, median_dwell_s, p90_dwell_s"
                        + " FROM counter_dwell_1d WHERE bucket = '2026-11-20' ORDER BY bucket");
        for (DbConfig db : TestDatabases.all()) {
            Schema.migrate(db);
            insertFixture(db);
            List<List<String>> answer = new ArrayList<>();
            for (String q : queries) {
                answer.addAll(rows(db, q));
            }
            if (isTimescale(db)) {
                refreshRollups(db);
                List<List<String>> materialized = new ArrayList<>();
                for (String q : queries) {
                    materialized.addAll(rows(db, q));
                }
                assertEquals(answer, materialized, "materialized roll-ups agree with the real-time ones");
            }
            answers.add(answer);
        }
        List<List<String>> expected = List.of(
                List.of("2026-11-20T10:00:00Z", "s1", "c-fragrance", "0", "3", "4", "2.000", "0.033", "2"),
                List.of("2026-11-20T11:00:00Z", "s1", "c-fragrance", "0", "4", "4", "3.000", "0.050", "4"),
                List.of("2026-11-20T00:00:00Z", "c-fragrance", "7", "8", "5.000", "0.003", "4"),
                List.of("2026-11-20T10:00:00Z", "s1", "c-fragrance", "0", "5", "3", "2", "40.000", "84.000",
                        "46.000", "230.000", "60.000"),
                List.of("2026-11-20T00:00:00Z", "c-fragrance", "5", "3", "2", "40.000", "84.000"));
        for (List<List<String>> answer : answers) {
            assertEquals(expected, answer);
        }
    }

    @Test
    void theReaderRoleReadsEveryTableAndViewButWritesNothingAndNoSecret() throws Exception {
        for (DbConfig db : TestDatabases.all()) {
            Schema.migrate(db);
            List<String> relations = new ArrayList<>();
            for (List<String> row : rows(db, "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_name NOT IN ('flyway_schema_history', 'tagtrail_secrets')"
                    + " ORDER BY 1")) {
                relations.add(row.get(0));
            }
            assertTrue(relations.containsAll(List.of("zone_visits", "tag_reads", "zone_traffic_1h",
                    "zone_traffic_1d", "counter_dwell_1h", "counter_dwell_1d", "counter_dwell")), relations.toString());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET ROLE tagtrail_reader");
                for (String r : relations) {
                    s.executeQuery("SELECT count(*) FROM " + r).close();
                }
                SQLException denied = assertThrows(SQLException.class, () -> s.executeQuery(
                        "SELECT value FROM tagtrail_secrets").close());
                assertEquals("42501", denied.getSQLState(), "the pseudonymisation key stays hidden");
                denied = assertThrows(SQLException.class, () -> s.executeUpdate(
                        "DELETE FROM zone_visits"));
                assertEquals("42501", denied.getSQLState(), denied.getMessage());
                denied = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO tag_reads (time,"
                        + " store_id, reader_id, antenna, epc, rssi) VALUES (now(), 's', 'r', 1, 'e', -50)"));
                assertEquals("42501", denied.getSQLState(), denied.getMessage());
            }
        }
    }

    @Test
    void aMigratingUserThatMayNotCreateRolesStillMigratesWithoutTheReaderRole() throws Exception {
        try (EmbeddedPostgres own = EmbeddedPostgres.startTemporary()) {
            DbConfig admin = new DbConfig(own.jdbcUrl("postgres"), null, null);
            try (Connection c = admin.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN NOCREATEROLE");
                // V2 reads shared_preload_libraries, which PostgreSQL shows only to superusers and this role
                s.execute("GRANT pg_read_all_settings TO app");
                s.execute("CREATE DATABASE appdb OWNER app");
            }
            DbConfig app = new DbConfig("jdbc:postgresql://127.0.0.1:" + own.port() + "/appdb?user=app", null, null);
            assertTrue(Schema.migrate(app) >= 4, "every migration applied");
            assertEquals(0, TestDatabases.count(admin, "SELECT count(*) FROM pg_roles"
                    + " WHERE rolname = 'tagtrail_reader'"));
            assertEquals(0, TestDatabases.count(app, "SELECT count(*) FROM zone_traffic_1h"), "the views are there");
        }
    }

    @Test
    void replayingARunWithRawReadsChangesNoRowCountAndEntriesMatchVisits() throws Exception {
        Duration span = Duration.ofMinutes(6);
        var scenario = SimulatedRun.scenario(START, span, 600, 21);
        Map<String, String> rawReadsOn = Map.of("writer.raw-reads", "true");
        List<String> relations = new ArrayList<>(List.of("tag_reads", "late_reads", "zone_visits", "trips",
                "zone_traffic_1m", "floor_traffic_1m", "zone_occupancy", "member_cards", "stores", "layout_versions",
                "zones", "zone_adjacency", "readers", "reader_antennas", "zone_traffic_1h", "zone_traffic_1d",
                "counter_dwell_1h", "counter_dwell_1d"));
        for (DbConfig db : TestDatabases.all()) {
            SimulatedRun.Result first = SimulatedRun.run(vertx, db, scenario, null, rawReadsOn);
            refreshRollups(db);
            Map<String, Long> counts = counts(db, relations);
            assertEquals(first.accepted() - first.simulator().duplicatesPublished(), counts.get("tag_reads"),
                    "every accepted read stored raw, once (a duplicate report is the same read)");
            for (String r : List.of("zone_visits", "trips", "zone_traffic_1m", "zone_occupancy", "zone_traffic_1h",
                    "counter_dwell_1h")) {
                assertTrue(counts.get(r) > 0, r + " has rows");
            }

            // entries are counted where visits begin: per zone, over closed ranges of whole minutes, they agree
            Instant end = START.plus(span).plus(Duration.ofHours(1));
            assertEquals(visitsPerZone(db, START, end), entriesPerZone(db, "zone_traffic_1m", START, end));
            assertEquals(visitsPerZone(db, START, end), entriesPerZone(db, "zone_traffic_1h", START, end));
            Instant from = START.plus(Duration.ofMinutes(2));
            Instant to = START.plus(Duration.ofMinutes(4));
            Map<String, Long> window = visitsPerZone(db, from, to);
            assertTrue(window.values().stream().mapToLong(Long::longValue).sum() > 20, window.toString());
            assertEquals(window, entriesPerZone(db, "zone_traffic_1m", from, to));

            SimulatedRun.run(vertx, db, scenario, null, rawReadsOn);
            refreshRollups(db);
            assertEquals(counts, counts(db, relations), "a replay of the same run changes no row count");
        }
    }

    // ---- helpers ----

    static boolean isTimescale(DbConfig db) throws SQLException {
        try (Connection c = db.connect()) {
            return Schema.hasTimescale(c);
        }
    }

    static void refreshRollups(DbConfig db) throws SQLException {
        if (!isTimescale(db)) {
            return;
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CALL refresh_continuous_aggregate('zone_traffic_1h', NULL, NULL)");
            s.execute("CALL refresh_continuous_aggregate('zone_traffic_1d', NULL, NULL)");
        }
    }

    static Map<String, Long> counts(DbConfig db, List<String> relations) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String r : relations) {
            counts.put(r, TestDatabases.count(db, "SELECT count(*) FROM " + r));
        }
        return counts;
    }

    static Map<String, Long> visitsPerZone(DbConfig db, Instant from, Instant to) throws SQLException {
        return perZone(db, "SELECT zone_id, count(*) FROM zone_visits WHERE enter_time >= ? AND enter_time < ?"
                + " GROUP BY zone_id", from, to);
    }

    static Map<String, Long> entriesPerZone(DbConfig db, String table, Instant from, Instant to) throws SQLException {
        return perZone(db, "SELECT zone_id, sum(entries) FROM " + table + " WHERE bucket >= ? AND bucket < ?"
                + " GROUP BY zone_id HAVING sum(entries) > 0", from, to);
    }

    static Map<String, Long> perZone(DbConfig db, String sql, Instant from, Instant to) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return m;
    }

    /** Three minutes of traffic and six counter visits (one not at a counter) at the sample store. */
    static void insertFixture(DbConfig db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO stores (store_id, name, layout_version) VALUES ('s1', 'Sample', 1)");
            s.execute("INSERT INTO zones (store_id, zone_id, floor, kind, name, layout_version) VALUES"
                    + " ('s1', 'c-fragrance', 0, 'counter', 'Fragrance', 1), ('s1', 'z-hall', 0, 'department',"
                    + " 'Hall', 1)");
            s.execute("INSERT INTO zone_traffic_1m (bucket, store_id, zone_id, floor, entries, unique_visitors,"
                    + " avg_occupancy, peak_occupancy) VALUES"
                    + " ('2026-11-20 10:00+00', 's1', 'c-fragrance', 0, 2, 3, 1.5, 2),"
                    + " ('2026-11-20 10:59+00', 's1', 'c-fragrance', 0, 1, 1, 0.5, 1),"
                    + " ('2026-11-20 11:00+00', 's1', 'c-fragrance', 0, 4, 4, 3.0, 4)");
            StringBuilder visits = new StringBuilder("INSERT INTO zone_visits (store_id, zone_id, visit_id, epc,"
                    + " enter_time, exit_time, dwell_s, read_count, floor, zone_kind, counter_stop) VALUES ");
            int[] dwells = {10, 20, 40, 60, 100};
            for (int i = 0; i < dwells.length; i++) {
                visits.append(String.format(Locale.ROOT, "('s1', 'c-fragrance', gen_random_uuid(), 'E%d',"
                                + " timestamptz '2026-11-20 10:05+00' + interval '%d minutes',"
                                + " timestamptz '2026-11-20 10:05+00' + interval '%d minutes' + interval '%d seconds',"
                                + " %d, 5, 0, 'counter', %s), ", i, i, i, dwells[i], dwells[i],
                        dwells[i] >= 30));
            }
            visits.append("('s1', 'z-hall', gen_random_uuid(), 'E9', '2026-11-20 10:05+00', '2026-11-20 10:10+00',"
                    + " 300, 5, 0, 'department', NULL)");
            s.execute(visits.toString());
        }
    }

    /** Every row as strings: timestamps as UTC instants, fractional numbers to three decimals. */
    static List<List<String>> rows(DbConfig db, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Timestamp t) {
                        row.add(t.toInstant().toString());
                    } else if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
                        row.add(String.format(Locale.ROOT, "%.3f", ((Number) v).doubleValue()));
                    } else {
                        row.add(String.valueOf(v));
                    }
                }
                out.add(row);
            }
        }
        return out;
    }
}
