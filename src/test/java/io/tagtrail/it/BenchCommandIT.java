package io.tagtrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tagtrail.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tagtrail bench} runs the whole path and reports what it measured. */
class BenchCommandIT {
    @Test
    void benchPublishesTheRecordedStreamAndWritesItsFiguresAsJson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        int code = new CommandLine(new Main()).execute("bench", "--duration", "3m", "--seed", "9",
                "--start", "2026-11-20T10:00:00Z", "--rate", "20000", "--db-url", TestDatabases.freshPostgres().url(),
                "--json", out.toString());
        assertEquals(0, code);
        JsonNode r = new ObjectMapper().readTree(out.toFile());
        assertTrue(r.get("reads").asLong() > 5_000, r.toString());
        assertTrue(r.get("reads_per_s").asLong() > 0, r.toString());
        assertEquals(r.get("messages").asLong(), r.get("latency_measured_messages").asLong(),
                "every message's acknowledgement was timed");
        JsonNode ms = r.get("latency_ms");
        assertTrue(ms.get("p50").asDouble() <= ms.get("p99").asDouble() && ms.get("p99").asDouble() <= ms.get("max").asDouble());
        assertTrue(r.get("zone_visits_written").asLong() > 0, "results were written");
    }
}
