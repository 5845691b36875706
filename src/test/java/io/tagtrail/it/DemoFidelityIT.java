package io.tagtrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tagtrail.app.Main;
import io.tagtrail.db.DbConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a user runs it, on a 2-hour simulated store day with the simulator's default RF noise (35 % missed
 * reads, cross-reads on neighbouring antennas): its summary is consistent with the database, it meets the fidelity
 * targets, and {@code fidelity} run separately on the database gives the same figures.
 */
class DemoFidelityIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoHourStoreDayMeetsFidelityTargetsAndFidelityCommandAgrees(@TempDir Path dir) throws Exception {
        DbConfig db = TestDatabases.freshPostgres();
        Path summaryFile = dir.resolve("summary.json");
        Path truth = dir.resolve("truth.jsonl");
        int code = new CommandLine(new Main()).execute("demo", "--duration", "2h", "--shoppers", "300",
                "--speed", "max", "--seed", "7", "--start", "2026-11-21T10:00:00Z", "--db-url", db.url(),
                "--truth", truth.toString(), "--summary-json", summaryFile.toString());
        assertEquals(0, code, "demo exit code");
        JsonNode s = JSON.readTree(summaryFile.toFile());

        assertTrue(s.get("shoppers_simulated").asLong() >= 500, "a busy store day: " + s.get("shoppers_simulated"));
        assertEquals(s.get("reads_published").asLong() - s.get("reads_rejected").asLong(),
                s.get("reads_ingested").asLong());
        long visits = s.get("zone_visits").asLong();
        long trips = s.get("trips").asLong();
        assertTrue(visits > 1000 && trips >= 500, "visits " + visits + ", trips " + trips);
        assertEquals(visits, TestDatabases.count(db, "SELECT count(*) FROM zone_visits"));
        assertEquals(trips, TestDatabases.count(db, "SELECT count(*) FROM trips"));

        JsonNode f = s.get("fidelity");
        assertTrue(f.get("visit_f1").asDouble() >= 0.95, "visit F1 " + f);
        assertTrue(f.get("dwell_median_abs_err_s").asDouble() <= 3.0, "dwell error " + f);
        assertTrue(f.get("path_edit_distance").asDouble() <= 0.10, "path error " + f);
        assertTrue(f.get("traffic_mape").asDouble() <= 5.0, "traffic MAPE " + f);

        Path separate = dir.resolve("fidelity.json");
        assertEquals(0, new CommandLine(new Main()).execute("fidelity", "--db-url", db.url(), "--truth",
                truth.toString(), "--json", separate.toString()));
        assertEquals(f, JSON.readTree(separate.toFile()));
    }
}
