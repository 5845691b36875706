package io.tagtrail.db;

import io.tagtrail.it.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresIT {
    @Test
    void theServersCpuTimeKeepsWhatABackendUsedAfterTheBackendEnded() throws Exception {
        EmbeddedPostgres server = TestDatabases.server();
        DbConfig db = TestDatabases.freshPostgres();
        Duration before = server.cpuTime();
        assertNotNull(before, "the server's CPU time is known on Linux");
        long backend;
        Duration used;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT count(*) FROM generate_series(1, 300000) g WHERE md5(g::text) LIKE 'ff%'");
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
            }
            used = ProcessHandle.of(backend).orElseThrow().info().totalCpuDuration().orElseThrow();
        }
        // the backend ends with its connection; once the postmaster has collected it, it is gone
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ProcessHandle.of(backend).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(backend).map(ProcessHandle::isAlive).orElse(false), "the backend ended");
        Duration after = server.cpuTime();
        assertTrue(used.toMillis() >= 50, "the backend worked: " + used);
        // ticks of 10 ms: allow one
        assertTrue(after.minus(before).toMillis() >= used.toMillis() - 10,
                "the server's CPU grew by " + after.minus(before) + ", the ended backend alone had used " + used);
    }
}
