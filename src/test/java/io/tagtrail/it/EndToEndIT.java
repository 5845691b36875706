package io.tagtrail.it;

import io.tagtrail.db.DbConfig;
import io.tagtrail.fidelity.Fidelity;
import io.tagtrail.fidelity.FidelityReport;
import io.tagtrail.fidelity.GroundTruth;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole product on real parts: simulator, MQTT (own endpoint and Mosquitto), service, PostgreSQL. */
class EndToEndIT {
    static Vertx vertx;
    static MosquittoBroker mosquitto;

    @BeforeAll
    static void start() throws Exception {
        vertx = SharedServices.vertx();
        mosquitto = SharedServices.mosquitto();
    }

    static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void ownEndpointRunStoresEveryVisitAndTripOnEveryDatabase() throws Exception {
        for (DbConfig db : TestDatabases.all()) {
            var scenario = SimulatedRun.scenario(START, Duration.ofMinutes(8), 600, 11);
            SimulatedRun.Result r = SimulatedRun.run(vertx, db, scenario, null);

            assertTrue(r.published() > 10_000, "the simulator published reads: " + r.published());
            assertEquals(0, r.rejected());
            assertEquals(r.published() - r.rejected(), r.accepted());
            assertTrue(r.visits() > 100 && r.trips() > 10, "visits " + r.visits() + ", trips " + r.trips());
            assertEquals(r.visits(), TestDatabases.count(db, "SELECT count(*) FROM zone_visits"));
            assertEquals(r.trips(), TestDatabases.count(db, "SELECT count(*) FROM trips"));
            assertTrue(TestDatabases.count(db, "SELECT count(*) FROM zone_traffic_1m") > 0);
            assertTrue(TestDatabases.count(db, "SELECT count(*) FROM zone_occupancy") > 0);
            assertEquals(0, TestDatabases.count(db, "SELECT count(*) FROM zone_visits WHERE tier = 'staff'"),
                    "staff badges stay out of shopper figures");
            assertTrue(TestDatabases.count(db, "SELECT count(*) FROM zone_visits WHERE tier IS NOT NULL") > 0,
                    "visits are joined to members");

            FidelityReport f = Fidelity.score(db, truthOf(r));
            assertTrue(f.visitF1() > 0.9, f.describe());
        }
    }

    @Test
    void runThroughMosquittoGivesExactlyTheVisitsOfTheOwnEndpoint() throws Exception {
        var scenario = SimulatedRun.scenario(START, Duration.ofMinutes(6), 600, 12);
        DbConfig direct = TestDatabases.freshPostgres();
        DbConfig brokered = TestDatabases.freshPostgres();
        SimulatedRun.Result a = SimulatedRun.run(vertx, direct, scenario, null);
        SimulatedRun.Result b = SimulatedRun.run(vertx, brokered, scenario, mosquitto.url());

        assertEquals(a.published(), b.published());
        assertEquals(b.published(), b.accepted(), "every read published to Mosquitto reached the service");
        String visits = "SELECT visit_id, zone_id, epc, enter_time, exit_time FROM zone_visits ORDER BY visit_id";
        List<String> fromEndpoint = rows(direct, visits);
        assertTrue(fromEndpoint.size() > 50);
        assertEquals(fromEndpoint, rows(brokered, visits));
        String trips = "SELECT trip_id, path FROM trips ORDER BY trip_id";
        assertEquals(rows(direct, trips), rows(brokered, trips));
    }

    @Test
    void replayingTheSameRunChangesNoRowCount() throws Exception {
        var scenario = SimulatedRun.scenario(START, Duration.ofMinutes(5), 600, 13);
        DbConfig db = TestDatabases.freshPostgres();
        SimulatedRun.run(vertx, db, scenario, null);
        String[] tables = {"zone_visits", "trips", "zone_traffic_1m", "floor_traffic_1m", "zone_occupancy",
                "member_cards", "zones", "readers"};
        long[] first = new long[tables.length];
        for (int i = 0; i < tables.length; i++) {
            first[i] = TestDatabases.count(db, "SELECT count(*) FROM " + tables[i]);
            assertTrue(first[i] > 0, tables[i] + " has rows");
        }
        SimulatedRun.run(vertx, db, scenario, null);
        for (int i = 0; i < tables.length; i++) {
            assertEquals(first[i], TestDatabases.count(db, "SELECT count(*) FROM " + tables[i]), tables[i]);
        }
    }

    static GroundTruth truthOf(SimulatedRun.Result r) throws Exception {
        Path file = Files.createTempFile("truth-", ".jsonl");
        try {
            r.simulator().writeTruth(file);
            return GroundTruth.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static List<String> rows(DbConfig db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getString(i)).append('|');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

}
