package io.tagtrail.it;

import io.tagtrail.db.DbConfig;
import io.tagtrail.db.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for integration tests: one real PostgreSQL server per test JVM (started by TagTrail's embedded
 * launcher), a fresh database per request; and TimescaleDB when {@code TAGTRAIL_TEST_TIMESCALEDB_URL} names a
 * server that has the extension (a fresh database is created there too).
 */
public final class TestDatabases {
    public static final String TIMESCALE_ENV = "TAGTRAIL_TEST_TIMESCALEDB_URL";
    private static EmbeddedPostgres server;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new, empty database on the shared plain PostgreSQL server. */
    public static synchronized DbConfig freshPostgres() throws Exception {
        if (server == null) {
            server = EmbeddedPostgres.startTemporary();
        }
        String name = "it_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        return new DbConfig(server.createDatabase(name), null, null);
    }

    /** The embedded server, for tests that stop and start it. */
    public static synchronized EmbeddedPostgres server() throws Exception {
        if (server == null) {
            server = EmbeddedPostgres.startTemporary();
        }
        return server;
    }

    /** A new database with the TimescaleDB extension, or null when no TimescaleDB server is configured. */
    public static DbConfig freshTimescale() throws Exception {
        String base = System.getenv(TIMESCALE_ENV);
        if (base == null || base.isBlank()) {
            return null;
        }
        String name = "it_ts_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = base.replaceFirst("(jdbc:postgresql://[^/]+/)([^?]*)", "$1" + name);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
        }
        return new DbConfig(url, null, null);
    }

    /** Plain PostgreSQL always, TimescaleDB too when configured. */
    public static List<DbConfig> all() throws Exception {
        List<DbConfig> dbs = new ArrayList<>();
        dbs.add(freshPostgres());
        DbConfig ts = freshTimescale();
        if (ts != null) {
            dbs.add(ts);
        }
        return dbs;
    }

    public static long count(DbConfig db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
